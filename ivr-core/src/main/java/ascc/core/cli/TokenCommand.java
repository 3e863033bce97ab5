package ascc.core.cli;

import ascc.routing.config.TokenHash;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ivr token new}: a new random bearer token, printed once, with the hash config keeps instead of it
 * (recordings.yaml {@code token-sha256}); {@code ivr token hash --from-env NAME}: the hash of an existing token.
 */
@Command(name = "token", description = "make a company's recordings token: 'ivr token new' prints a new token once and the hash"
        + " recordings.yaml keeps (token-sha256)")
final class TokenCommand implements Callable<Integer> {
    /** 32 random bytes: 256 bits, more than anyone can guess, so a fast hash (SHA-256) is enough to store it. */
    static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    TokenCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    @Command(name = "new", description = {"print a new random token (256 bits, base64url) and its SHA-256 for the config",
        "Give the token to the company once (it is kept nowhere: lost means make a new one); write the hash into"
            + " recordings.yaml as companies.<id>.token-sha256 (or into the variable it reads), then 'ivr reload'."})
    int newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        print(token);
        ctx.err().println("ivr: the token is shown only this once; recordings.yaml keeps only its token-sha256");
        return 0;
    }

    @Command(name = "hash", description = {"print the token-sha256 of an existing token, read from an environment variable",
        "The token is read from the variable (not from the command line, where other users and the shell history see it)."})
    int hash(@Option(names = "--from-env", required = true, paramLabel = "NAME",
            description = "environment variable holding the token, e.g. ASCC_HANBIT_RECORDINGS_TOKEN") String name) {
        String token = ctx.env().get(name);
        if (token == null || token.isBlank()) {
            ctx.err().println("ivr: environment variable " + name + " is not set or empty (nothing to hash)");
            return 1;
        }
        ctx.out().println("token-sha256: " + TokenHash.of(token.strip()).hex());
        return 0;
    }

    private void print(String token) {
        ctx.out().println("token: " + token);
        ctx.out().println("token-sha256: " + TokenHash.of(token).hex());
    }
}
