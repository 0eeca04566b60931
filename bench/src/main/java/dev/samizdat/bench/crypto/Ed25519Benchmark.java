package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ed25519 over a 100-byte message: our facade (Bouncy Castle) against the JDK's SunEC provider. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {
  private final byte[] message = new byte[100];
  private Ed25519PrivateKey bcKey;
  private Ed25519PublicKey bcPublic;
  private byte[] bcSignature;
  private KeyPair jdkKeys;
  private Signature jdkSigner;
  private Signature jdkVerifier;
  private byte[] jdkSignature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    random.nextBytes(message);
    bcKey = Ed25519PrivateKey.generate(random);
    bcPublic = bcKey.publicKey();
    bcSignature = bcKey.sign(message);
    jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jdkSigner = Signature.getInstance("Ed25519");
    jdkVerifier = Signature.getInstance("Ed25519");
    jdkSignature = jdkSign();
  }

  @Benchmark
  public byte[] signBouncyCastle() {
    return bcKey.sign(message);
  }

  @Benchmark
  public boolean verifyBouncyCastle() {
    return bcPublic.verify(message, bcSignature);
  }

  @Benchmark
  public byte[] signJdk() throws GeneralSecurityException {
    return jdkSign();
  }

  @Benchmark
  public boolean verifyJdk() throws GeneralSecurityException {
    jdkVerifier.initVerify(jdkKeys.getPublic());
    jdkVerifier.update(message);
    return jdkVerifier.verify(jdkSignature);
  }

  private byte[] jdkSign() throws GeneralSecurityException {
    jdkSigner.initSign(jdkKeys.getPrivate());
    jdkSigner.update(message);
    return jdkSigner.sign();
  }
}
