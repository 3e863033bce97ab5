package ascc.core.agi;

import ascc.agi.AgiRequest;
import ascc.core.agi.AgiLineReader.Deadline;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AGI environment of a session: {@code agi_name: value} lines up to a blank line, read with a deadline and a
 * line limit. Every failure is a {@link BadInputException} with a short reason; one whose
 * {@link BadInputException#protocolUsable()} is false means the connection is closed.
 */
final class AgiEnvironment {

    /** Told each variable as it is read, so a failure report can name the channel of a bad environment. */
    @FunctionalInterface
    interface Listener {
        void variable(String key, String value);
    }

    private AgiEnvironment() {
    }

    /**
     * Reads one environment.
     *
     * @param budget the time the deadline stands for (messages)
     * @throws BadInputException reasons {@code env_timeout}, {@code no_environment}, {@code truncated_environment},
     *     {@code too_many_env_lines}, {@code malformed_env_line}, {@code line_too_long}, {@code binary_data},
     *     {@code socket_error}
     */
    static AgiRequest read(AgiLineReader reader, Deadline deadline, int maxEnvLines, Listener listener) throws BadInputException {
        Map<String, String> env = new HashMap<>(64);
        TreeMap<Integer, String> args = new TreeMap<>();
        int lines = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine(deadline);
            } catch (BadInputException e) {
                throw new BadInputException(e.reason(), "environment line " + (lines + 1) + ": " + e.getMessage(), true);
            } catch (SocketTimeoutException e) {
                throw new BadInputException("env_timeout", "environment incomplete after " + deadline.budget().toMillis()
                    + " ms (" + lines + " lines read)", true);
            } catch (EOFException e) {
                throw new BadInputException(lines == 0 ? "no_environment" : "truncated_environment", e.getMessage()
                    + " after " + lines + " environment lines", false);
            } catch (IOException e) {
                throw new BadInputException("socket_error", "reading the environment failed after " + lines + " lines: " + e, false);
            }
            if (line == null) {
                throw new BadInputException(lines == 0 ? "no_environment" : "truncated_environment",
                    "connection closed after " + lines + " environment lines", false);
            }
            if (line.isEmpty()) {
                if (lines == 0) {
                    throw new BadInputException("no_environment", "blank line before any agi_ variable", true);
                }
                break;
            }
            lines++;
            if (lines > maxEnvLines) {
                throw new BadInputException("too_many_env_lines", "more than " + maxEnvLines + " environment lines", true);
            }
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 5) {
                throw new BadInputException("malformed_env_line", "environment line " + lines + " is not 'agi_name: value': '"
                    + AgiConnection.abbreviate(line) + "'", true);
            }
            String key = line.substring(4, colon);
            String value = line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (key.startsWith("arg_")) {
                int n = argNumber(key);
                if (n < 1) {
                    throw new BadInputException("malformed_env_line", "environment line " + lines + ": bad argument name '"
                        + AgiConnection.abbreviate(key) + "'", true);
                }
                args.put(n, value);
            }
            env.put(key, value);
            listener.variable(key, value);
        }
        return new AgiRequest(scriptName(env), env, new ArrayList<>(args.values()));
    }

    /** N of {@code arg_N} (1..999), else -1. */
    private static int argNumber(String key) {
        String digits = key.substring(4);
        if (digits.isEmpty() || digits.length() > 3 || digits.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    /**
     * The request a script sees once the session is authenticated: without its first argument (the AGI secret), the
     * others moved up by one ({@code agi_arg_2} becomes {@code arg_1}), so no script ever sees the secret.
     */
    static AgiRequest withoutSecret(AgiRequest r) {
        Map<String, String> env = new HashMap<>(r.env());
        env.keySet().removeIf(k -> k.startsWith("arg_"));
        List<String> args = r.args().isEmpty() ? List.of() : r.args().subList(1, r.args().size());
        for (int i = 0; i < args.size(); i++) {
            env.put("arg_" + (i + 1), args.get(i));
        }
        return new AgiRequest(r.script(), env, args);
    }

    /** {@code agi_network_script} (or the path of {@code agi_request}) without query string or leading slash. */
    static String scriptName(Map<String, String> env) {
        String path = env.get("network_script");
        if (path == null) {
            String url = env.getOrDefault("request", "");
            int scheme = url.indexOf("://");
            if (scheme < 0) {
                return "";
            }
            int slash = url.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : url.substring(slash + 1);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }
}
