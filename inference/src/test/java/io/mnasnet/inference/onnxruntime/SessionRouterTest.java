package io.mnasnet.inference.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which session serves which images of a call, by batch size. */
class SessionRouterTest {

  /** A session that says which one it is and whether it was closed. */
  private static final class NamedSession implements AutoCloseable {
    final String name;
    boolean closed;

    NamedSession(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static List<String> served(SessionRouter<NamedSession> router, int n) {
    return router.run(n, (session, from, to) -> session.name + "[" + from + "," + to + ")");
  }

  @Test
  void twoPartsRunOneImageOnThePooledSessionAndTwoOrMoreSplit() {
    NamedSession pooled = new NamedSession("pool");
    try (SessionRouter<NamedSession> router =
        new SessionRouter<>(
            List.of(new NamedSession("p0"), new NamedSession("p1")), pooled, "test")) {
      assertThat(router.parts()).isEqualTo(2);
      assertThat(router.sessions()).isEqualTo(3);
      assertThat(router.pooled(1)).isTrue();
      assertThat(router.pooled(2)).isFalse();
      assertThat(served(router, 1)).containsExactly("pool[0,1)");
      assertThat(served(router, 2)).containsExactly("p0[0,1)", "p1[1,2)");
      assertThat(served(router, 3)).containsExactly("p0[0,1)", "p1[1,3)");
      assertThat(served(router, 8)).containsExactly("p0[0,4)", "p1[4,8)");
      assertThat(served(router, 32)).containsExactly("p0[0,16)", "p1[16,32)");
    }
    assertThat(pooled.closed).isTrue();
  }

  @Test
  void fourPartsRunFewerThanFourImagesWhole() {
    try (SessionRouter<NamedSession> router =
        new SessionRouter<>(
            List.of(
                new NamedSession("p0"),
                new NamedSession("p1"),
                new NamedSession("p2"),
                new NamedSession("p3")),
            new NamedSession("pool"),
            "test")) {
      assertThat(served(router, 1)).containsExactly("pool[0,1)");
      assertThat(served(router, 3)).containsExactly("pool[0,3)");
      assertThat(served(router, 4)).containsExactly("p0[0,1)", "p1[1,2)", "p2[2,3)", "p3[3,4)");
    }
  }

  @Test
  void oneSessionServesEveryBatchWhole() {
    NamedSession only = new NamedSession("only");
    try (SessionRouter<NamedSession> router = new SessionRouter<>(List.of(only), null, "test")) {
      assertThat(router.sessions()).isEqualTo(1);
      assertThat(router.pooled(1)).isFalse();
      assertThat(served(router, 1)).containsExactly("only[0,1)");
      assertThat(served(router, 32)).containsExactly("only[0,32)");
    }
    assertThat(only.closed).isTrue();
  }

  @Test
  void closesEverySessionEvenWhenOneFailsToClose() {
    NamedSession second = new NamedSession("p1");
    NamedSession pooled = new NamedSession("pool");
    AutoCloseable failing =
        () -> {
          throw new Exception("native close failed");
        };
    SessionRouter<AutoCloseable> router =
        new SessionRouter<>(List.of(failing, second), pooled, "test");
    router.close();
    assertThat(second.closed).isTrue();
    assertThat(pooled.closed).isTrue();
  }

  @Test
  void withoutAPooledSessionSmallCallsAreSplitToo() {
    try (SessionRouter<NamedSession> router =
        new SessionRouter<>(
            List.of(new NamedSession("p0"), new NamedSession("p1"), new NamedSession("p2")),
            null,
            "test")) {
      assertThat(router.sessions()).isEqualTo(3);
      assertThat(router.pooled(1)).isFalse();
      assertThat(served(router, 1)).containsExactly("p0[0,1)");
      assertThat(served(router, 2)).containsExactly("p0[0,1)", "p1[1,2)");
      assertThat(served(router, 6)).containsExactly("p0[0,2)", "p1[2,4)", "p2[4,6)");
    }
  }

  @Test
  void aPooledSessionBesideASingleSessionIsRefused() {
    assertThatThrownBy(
            () ->
                new SessionRouter<>(
                    List.of(new NamedSession("only")), new NamedSession("pool"), "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never run");
  }
}
