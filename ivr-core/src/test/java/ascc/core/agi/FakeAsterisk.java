package ascc.core.agi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Asterisk side of a FastAGI connection for tests: sends the environment, reads commands and answers them the
 * way Asterisk 22 does. Reads time out after 5 s so a broken server fails the test instead of hanging it.
 */
final class FakeAsterisk implements AutoCloseable {
    static final String CHANNEL = "PJSIP/trunk-00000001";
    static final String CALLER = "01012345678";
    /** The AGI secret the test servers are configured with; {@link #environment} sends it as agi_arg_1. */
    static final String SECRET = "test-agi-secret-0123456789";

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private FakeAsterisk(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static FakeAsterisk connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(30_000);
        return new FakeAsterisk(s);
    }

    /**
     * The environment Asterisk 22 sends for the rendered {@code AGI(agi://127.0.0.1/<networkScript>,<secret>,args...)}:
     * the AGI secret is {@code agi_arg_1}, the script's arguments follow.
     */
    static List<String> environment(String networkScript, String... args) {
        String[] withSecret = new String[args.length + 1];
        withSecret[0] = SECRET;
        System.arraycopy(args, 0, withSecret, 1, args.length);
        return environmentWithArgs(networkScript, withSecret);
    }

    /** The environment with exactly {@code args} as agi_arg_1..N (no secret unless one of them is). */
    static List<String> environmentWithArgs(String networkScript, String... args) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("network", "yes");
        env.put("network_script", networkScript);
        env.put("request", "agi://127.0.0.1/" + networkScript);
        env.put("channel", CHANNEL);
        env.put("language", "en");
        env.put("type", "PJSIP");
        env.put("uniqueid", "1700000000.42");
        env.put("version", "22.5.0");
        env.put("callerid", CALLER);
        env.put("calleridname", "Kim Minsu");
        env.put("callingpres", "0");
        env.put("callingani2", "0");
        env.put("callington", "0");
        env.put("callingtns", "0");
        env.put("dnid", "15880000");
        env.put("rdnis", "unknown");
        env.put("context", "from-pstn");
        env.put("extension", "15880000");
        env.put("priority", "2");
        env.put("enhanced", "0.0");
        env.put("accountcode", "");
        env.put("threadid", "139871623374528");
        List<String> lines = new ArrayList<>();
        env.forEach((k, v) -> lines.add("agi_" + k + ": " + v));
        for (int i = 0; i < args.length; i++) {
            lines.add("agi_arg_" + (i + 1) + ": " + args[i]);
        }
        return lines;
    }

    FakeAsterisk sendEnv(String networkScript, String... args) throws IOException {
        List<String> lines = new ArrayList<>(environment(networkScript, args));
        lines.add("");
        return sendLines(lines.toArray(String[]::new));
    }

    FakeAsterisk sendLines(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    FakeAsterisk sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next command line, or null when the server closed the connection. */
    String readCommand() throws IOException {
        return in.readLine();
    }

    void reply(String... lines) throws IOException {
        sendLines(lines);
    }

    /** Answers every command like a live channel would, until the server closes; returns the commands. */
    List<String> serveUntilClosed() throws IOException {
        List<String> commands = new ArrayList<>();
        String command;
        while ((command = readCommand()) != null) {
            commands.add(command);
            reply(standardReply(command));
        }
        return commands;
    }

    /** True when the server closed the connection (EOF) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.readLine() == null;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void readTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What Asterisk answers on a live channel when nothing special happens. */
    static String standardReply(String command) {
        if (command.startsWith("SET VARIABLE") || command.startsWith("VERBOSE")) {
            return "200 result=1";
        }
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=8000";
        }
        if (command.startsWith("GET DATA")) {
            return "200 result= (timeout)";
        }
        if (command.startsWith("ANSWER") || command.startsWith("GET VARIABLE") || command.startsWith("WAIT FOR DIGIT")
            || command.startsWith("EXEC")) {
            return "200 result=0";
        }
        return "510 Invalid or unknown command";
    }

    /** Splits a command's arguments the way Asterisk's {@code parse_args} does (quotes, backslash escapes). */
    static List<String> parseArgs(String command) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        boolean inArg = false;
        for (char c : command.toCharArray()) {
            if (escaped) {
                cur.append(c);
                escaped = false;
                inArg = true;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
                inArg = true;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            args.add(cur.toString());
        }
        return args;
    }

    /** The variables set by {@code SET VARIABLE} commands, in order. */
    static Map<String, String> variablesSet(List<String> commands) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String c : commands) {
            List<String> a = parseArgs(c);
            if (a.size() == 4 && a.get(0).equals("SET") && a.get(1).equals("VARIABLE")) {
                vars.put(a.get(2), a.get(3));
            }
        }
        return vars;
    }
}
