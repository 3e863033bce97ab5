package ascc.core.cli;

import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ivr reload}: POSTs {@code /api/config/reload} to the engine the config in DIR describes: 200 prints the applied
 * summary (exit 0), 422 prints the problems (exit 1, the engine kept its rules), no answer prints "engine not reachable"
 * (exit 1).
 */
@Command(name = "reload", description = {"ask the running engine to reload its rules; prints the summary or every problem as"
        + " file:line: key: message", "The engine's HTTP address and admin token come from DIR's engine.yaml."})
final class ReloadCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ConfOption conf;

    ReloadCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path dir = conf.dir(ctx);
        EngineSettings s;
        try {
            // only engine.yaml: an invalid edit elsewhere is exactly what the engine should report
            s = ConfigLoader.loadEngine(dir, ctx.env());
        } catch (ConfigException e) {
            ctx.err().println("ivr: cannot read the engine's address and admin token from " + dir + " (the running engine was not asked):");
            e.problems().forEach(p -> ctx.err().println("  " + p));
            return 1;
        }
        String host = "0.0.0.0".equals(s.httpBind()) || "::".equals(s.httpBind()) ? "127.0.0.1" : s.httpBind();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.httpPort() + "/api/config/reload";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + s.adminToken().reveal())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ctx.err().println("ivr: engine not reachable at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is it running with the config in " + dir + "?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.err().println("ivr: interrupted while waiting for the engine at " + url);
            return 1;
        }
        String body = response.body().endsWith("\n") ? response.body() : response.body() + "\n";
        switch (response.statusCode()) {
            case 200 -> {
                ctx.out().print("ivr: " + body);
                return 0;
            }
            case 422 -> {
                ctx.err().print("ivr: " + body);
                return 1;
            }
            case 401, 403 -> {
                ctx.err().println("ivr: the engine at " + url + " refused the admin token from " + dir + " (HTTP "
                        + response.statusCode() + "); is the engine running with another token?");
                return 1;
            }
            default -> {
                ctx.err().print("ivr: unexpected answer from " + url + ": HTTP " + response.statusCode() + ": " + body);
                return 1;
            }
        }
    }
}
