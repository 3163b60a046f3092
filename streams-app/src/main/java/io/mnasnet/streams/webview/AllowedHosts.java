package io.mnasnet.streams.webview;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names the web view answers to, against DNS rebinding: a hostile page on {@code
 * evil.example} can point that name at 127.0.0.1 and, through a {@code kubectl port-forward} or an
 * SSH tunnel listening there, read the view (ids, images, classes) with the victim's browser. The
 * browser still sends {@code Host: evil.example}, so a request is served only when its Host is
 * {@code localhost}, an IP address (a page can only reach an address by its own origin), the
 * address the endpoint is bound to, or a name the operator listed ({@code web.allowed.hosts}, e.g.
 * a proxy's). A request without a Host header (HTTP/1.0 tools, never a browser) is served.
 */
public final class AllowedHosts {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[0-9A-Za-z._~-]+)?\\]");

  private final Set<String> names = new HashSet<>();

  /**
   * @param boundHost the address the endpoint listens on ({@code metrics.host}); a name is allowed
   * @param configured further names ({@code web.allowed.hosts})
   */
  public AllowedHosts(String boundHost, List<String> configured) {
    names.add("localhost");
    names.add(normalise(boundHost));
    configured.forEach(name -> names.add(normalise(name)));
  }

  /** Whether a request with this {@code Host} header (null when absent) may be served. */
  public boolean allows(String hostHeader) {
    if (hostHeader == null) {
      return true;
    }
    String host = hostHeader.trim();
    if (IPV6.matcher(host).matches()) {
      return true;
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0
          && host.substring(close + 1).matches(":\\d{1,5}")
          && IPV6.matcher(host.substring(0, close + 1)).matches();
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      if (!host.substring(colon + 1).matches("\\d{1,5}")) {
        return false;
      }
      host = host.substring(0, colon);
    }
    host = normalise(host);
    return IPV4.matcher(host).matches() || names.contains(host);
  }

  /** What the refusal says: the host and how to allow it. */
  static String refusal(String hostHeader) {
    String shown = hostHeader.length() > 100 ? hostHeader.substring(0, 100) + "…" : hostHeader;
    return "This web view does not answer to the host '"
        + shown
        + "' (a guard against DNS rebinding). Open it as http://localhost:PORT/ or by IP address,"
        + " or add the name to web.allowed.hosts (MNASNET_WEB_ALLOWED_HOSTS) if that is how you"
        + " reach it.\n";
  }

  private static String normalise(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
