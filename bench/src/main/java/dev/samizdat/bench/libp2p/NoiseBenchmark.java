package dev.samizdat.bench.libp2p;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.noise.NoiseHandshake;
import dev.samizdat.libp2p.noise.NoiseIdentity;
import dev.samizdat.libp2p.noise.NoiseSession;
import dev.samizdat.libp2p.noise.NoiseTransport;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The libp2p Noise costs that bound connection set-up and throughput: a full XX handshake between two
 * in-memory peers (handshakes/s), and a 64 KiB write encrypted into frames and decrypted again
 * (multiply ops/s by 65536 for bytes/s). The raw AEAD seal+open of the same 64 KiB, measured in the
 * same run, is the ceiling the framing overhead is judged against.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench -pl bench -am package -DskipTests && java -jar
 * bench/target/benchmarks.jar NoiseBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoiseBenchmark {
  private static final int WRITE_SIZE = 64 * 1024;

  private SecureRandom random;
  private NoiseIdentity dialer;
  private NoiseIdentity listener;
  private PeerId listenerId;
  private NoiseTransport sender;
  private NoiseTransport receiver;
  private byte[] plaintext;
  private byte[] wire;
  private AeadCipher aead;
  private final byte[] nonce = new byte[12];
  private byte[] sealed;
  private byte[] opened;
  private long counter;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    dialer = NoiseIdentity.generate(Ed25519PrivateKey.generate(random), random);
    listener = NoiseIdentity.generate(Ed25519PrivateKey.generate(random), random);
    listenerId = PeerId.fromPublicKey(listener.identityKey());
    NoiseHandshake[] pair = handshake();
    sender = pair[0].session().transport();
    receiver = pair[1].session().transport();
    plaintext = new byte[WRITE_SIZE];
    random.nextBytes(plaintext);
    wire = new byte[NoiseTransport.encryptedLength(WRITE_SIZE)];
    aead = Aead.chaCha20Poly1305(SymmetricKey.generate(random));
    sealed = new byte[WRITE_SIZE + 16];
    opened = new byte[WRITE_SIZE];
  }

  @Benchmark
  public NoiseSession fullXxHandshake() {
    return handshake()[1].session();
  }

  @Benchmark
  public void transport64KiBEncryptDecrypt(Blackhole blackhole) {
    int length = sender.encrypt(plaintext, 0, WRITE_SIZE, wire, 0);
    receiver.decrypt(ByteBuffer.wrap(wire, 0, length), (buffer, offset, count) -> blackhole.consume(buffer[offset]));
  }

  @Benchmark
  public byte baselineAead64KiBSealOpen() {
    long n = ++counter;
    for (int i = 4; i < 12; i++) {
      nonce[i] = (byte) (n >>> (8 * (i - 4)));
    }
    aead.seal(nonce, null, plaintext, 0, WRITE_SIZE, sealed, 0);
    aead.open(nonce, null, sealed, 0, sealed.length, opened, 0);
    return opened[0];
  }

  private NoiseHandshake[] handshake() {
    var initiator = NoiseHandshake.initiator(dialer, listenerId, random);
    var responder = NoiseHandshake.responder(listener, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));
    byte[] message3 = initiator.onReceived(ByteBuffer.wrap(message2));
    responder.onReceived(ByteBuffer.wrap(message3));
    return new NoiseHandshake[] {initiator, responder};
  }
}
