package io.mnasnet.streams.webview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  private final AllowedHosts anyAddress = new AllowedHosts("0.0.0.0", List.of());

  @Test
  void localhostAndIpAddressesAreServedWithOrWithoutAPort() {
    assertThat(anyAddress.allows("localhost")).isTrue();
    assertThat(anyAddress.allows("localhost:9400")).isTrue();
    assertThat(anyAddress.allows("LocalHost.:9400")).isTrue();
    assertThat(anyAddress.allows("127.0.0.1:9400")).isTrue();
    assertThat(anyAddress.allows("10.1.2.3")).isTrue();
    assertThat(anyAddress.allows("[::1]:9400")).isTrue();
    assertThat(anyAddress.allows("[fe80::1%25eth0]")).isTrue();
    assertThat(anyAddress.allows(null)).as("no Host header: not a browser").isTrue();
  }

  @Test
  void anyOtherNameIsRefusedUnlessConfiguredOrBound() {
    assertThat(anyAddress.allows("evil.example")).isFalse();
    assertThat(anyAddress.allows("evil.example:9400")).isFalse();
    assertThat(anyAddress.allows("localhost.evil.example")).isFalse();
    assertThat(anyAddress.allows("127.0.0.1.evil.example")).isFalse();
    assertThat(anyAddress.allows("localhost:notaport")).isFalse();
    assertThat(anyAddress.allows("[::1]evil")).isFalse();

    AllowedHosts configured = new AllowedHosts("classifier-0.internal", List.of("view.example"));
    assertThat(configured.allows("VIEW.example:443")).isTrue();
    assertThat(configured.allows("classifier-0.internal:9400")).isTrue();
    assertThat(configured.allows("evil.example")).isFalse();
  }

  @Test
  void theRefusalSaysHowToAllowAName() {
    assertThat(AllowedHosts.refusal("evil.example"))
        .contains("evil.example")
        .contains("web.allowed.hosts")
        .contains("MNASNET_WEB_ALLOWED_HOSTS");
    assertThat(AllowedHosts.refusal("x".repeat(10_000))).hasSizeLessThan(500);
  }
}
