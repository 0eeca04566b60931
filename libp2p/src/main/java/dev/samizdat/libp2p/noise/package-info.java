/**
 * {@code /noise}: the libp2p secure channel, Noise_XX_25519_ChaChaPoly_SHA256 with the libp2p handshake
 * payload (github.com/libp2p/specs, noise/README.md) and inlined stream-muxer negotiation.
 *
 * <p>Public API: {@link dev.samizdat.libp2p.noise.NoiseIdentity} (this node's keys and muxers, one per
 * node), {@link dev.samizdat.libp2p.noise.NoiseHandshake} (one per connection, a state machine over wire
 * bytes), {@link dev.samizdat.libp2p.noise.NoiseSession} (the authenticated result) and {@link
 * dev.samizdat.libp2p.noise.NoiseTransport} (framing and encryption afterwards). Everything here is
 * pure: no sockets, threads or clocks; randomness is passed in. The Noise framework itself ({@code
 * CipherState}, {@code SymmetricState}, {@code HandshakeState}) is package-private.
 */
package dev.samizdat.libp2p.noise;
