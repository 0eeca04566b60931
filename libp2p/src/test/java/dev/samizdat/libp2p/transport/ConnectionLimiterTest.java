package dev.samizdat.libp2p.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

  @Test
  void capsPerIpHandshakesAndTotalAndFreesSlots() {
    ConnectionLimiter limiter = new ConnectionLimiter(4, 2, 2);
    assertThat(limiter.tryAdmit("10.0.0.1")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.2")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.3")).isEqualTo(ConnectionLimiter.Refusal.HANDSHAKES);
    limiter.handshakeDone("10.0.0.1");
    limiter.handshakeDone("10.0.0.2");
    assertThat(limiter.tryAdmit("10.0.0.1")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.1")).isEqualTo(ConnectionLimiter.Refusal.PER_IP);
    assertThat(limiter.tryAdmit(null)).isNull();
    limiter.handshakeDone("10.0.0.1");
    limiter.handshakeDone(null);
    assertThat(limiter.tryAdmit("10.0.0.4")).isEqualTo(ConnectionLimiter.Refusal.TOTAL);
    assertThat(limiter.total()).isEqualTo(4);

    limiter.release("10.0.0.1");
    assertThat(limiter.tryAdmit("10.0.0.1")).isNull();
    assertThat(limiter.handshaking()).isEqualTo(1);
    assertThat(limiter.total()).isEqualTo(4);
  }

  @Test
  void ourOwnDialsAreNotHeldUpByInboundHandshakes() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 10, 2);
    assertThat(limiter.tryAdmit("10.0.0.1")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.2")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.3")).isEqualTo(ConnectionLimiter.Refusal.HANDSHAKES);
    assertThat(limiter.tryAdmit(null)).as("a dial while strangers hold every handshake slot").isNull();
    assertThat(limiter.handshaking()).isEqualTo(2);
  }

  @Test
  void outboundConnectionsAreNotCountedPerIp() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 1, 10);
    assertThat(limiter.tryAdmit(null)).isNull();
    assertThat(limiter.tryAdmit(null)).isNull();
    assertThat(limiter.tryAdmit("10.0.0.1")).isNull();
    assertThat(limiter.tryAdmit("10.0.0.1")).isEqualTo(ConnectionLimiter.Refusal.PER_IP);
  }
}
