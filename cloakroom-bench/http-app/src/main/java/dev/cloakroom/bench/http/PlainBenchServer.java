package dev.cloakroom.bench.http;

/**
 * {@code --variant none|jetty --port N}: the ceiling (no session at all) or Jetty's own in-memory sessions.
 * Jetty's sessions live in this process, so the write check reads them back over HTTP ({@link BenchClient}).
 */
public final class PlainBenchServer {
    private PlainBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        String variant = options.required("variant");
        BenchJetty.Sessions sessions = switch (variant) {
            case "none" -> BenchJetty.Sessions.NONE;
            case "jetty" -> BenchJetty.Sessions.CONTAINER;
            default -> throw new IllegalArgumentException("unknown variant " + variant + "; expected none or jetty");
        };
        BenchJetty.start(variant, options.port(), sessions, null).join();
    }
}
