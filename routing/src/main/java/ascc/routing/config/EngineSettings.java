package ascc.routing.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Engine settings from {@code engine.yaml}. Secrets are {@link Secret}s: printing this record masks them.
 *
 * @param agiBind FastAGI listen address
 * @param agiPort FastAGI listen port
 * @param amiHost Asterisk Manager host
 * @param amiPort Asterisk Manager port
 * @param amiUser AMI user name (also rendered into manager.conf)
 * @param amiSecret AMI secret
 * @param dbUrl JDBC URL of MariaDB; empty for the embedded database
 * @param dbUser database user
 * @param dbPassword database password
 * @param embeddedDbPath file path (without suffix) of the embedded database
 * @param httpBind HTTP listen address
 * @param httpPort HTTP listen port
 * @param adminToken bearer token for everything but /health
 * @param timeZone the program's time zone (opening hours, billing months)
 * @param sharedNumbers the center's shared numbers: callers key in a company code
 * @param generalDesk desk id that takes calls nobody else can (unknown company, 3 bad codes)
 * @param sipBind address Asterisk's SIP transport binds to (rendered)
 * @param sipPort port of that transport (rendered)
 * @param trunkMatch addresses/networks the customer-facing trunk sends from (rendered PJSIP identify)
 * @param agiUrlHost host Asterisk uses to reach the FastAGI listener (rendered into the dialplan)
 * @param asteriskConfigDir where the engine writes the rendered Asterisk config at start and on reload
 *     (then reloads Asterisk over AMI); empty: the engine leaves Asterisk's files alone
 * @param spoolDir directory of the durable call record spool (records kept while the database is away)
 * @param priorities queue priority rules (VIP numbers, repeat callers)
 * @param asteriskCdrFile the CDR file Asterisk writes (rendered cdr_custom.conf), read at start and after every AMI
 *     reconnect so calls made while the engine was away are counted; empty: not read
 * @param capacity limits beyond which new calls are shed (Asterisk maxcalls/maxload, RTP range, FastAGI sessions)
 * @param httpLimits connection cap, read deadline and per-token rate limit of the HTTP server
 * @param agiAccess who may open a FastAGI session: allowed peers and the AGI secret rendered into every AGI call
 * @param cluster this node's id, lease timing and the FastAGI nodes the dialplan tries in order
 * @param boxes the Asterisk boxes, in file order (never empty): {@code engine.yaml} {@code boxes}, or the one box
 *     {@link AsteriskBox#DEFAULT_ID} of the shorthand {@code ami} section. {@code ami*} are the first box's.
 * @param menuTimeout how long every IVR menu listens for the caller's key after its prompt (and between keys):
 *     {@code center.menu-timeout-ms}, {@link #MIN_MENU_TIMEOUT}..{@link #MAX_MENU_TIMEOUT}, default
 *     {@link #DEFAULT_MENU_TIMEOUT}; read per call, so a reload applies it to the next menu
 */
public record EngineSettings(
        String agiBind,
        int agiPort,
        String amiHost,
        int amiPort,
        String amiUser,
        Secret amiSecret,
        String dbUrl,
        String dbUser,
        Secret dbPassword,
        String embeddedDbPath,
        String httpBind,
        int httpPort,
        Secret adminToken,
        ZoneId timeZone,
        List<String> sharedNumbers,
        String generalDesk,
        String sipBind,
        int sipPort,
        List<String> trunkMatch,
        String agiUrlHost,
        String asteriskConfigDir,
        String spoolDir,
        Priorities priorities,
        String asteriskCdrFile,
        Capacity capacity,
        HttpLimits httpLimits,
        AgiAccess agiAccess,
        ClusterSettings cluster,
        List<AsteriskBox> boxes,
        Duration menuTimeout) {

    /** Default {@link #menuTimeout()}: 5 s. */
    public static final Duration DEFAULT_MENU_TIMEOUT = Duration.ofSeconds(5);
    /** Shortest {@link #menuTimeout()} allowed: 1 s. */
    public static final Duration MIN_MENU_TIMEOUT = Duration.ofSeconds(1);
    /** Longest {@link #menuTimeout()} allowed: 30 s. */
    public static final Duration MAX_MENU_TIMEOUT = Duration.ofSeconds(30);

    /** Settings with the default menu timeout. */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir, Priorities priorities, String asteriskCdrFile,
            Capacity capacity, HttpLimits httpLimits, AgiAccess agiAccess, ClusterSettings cluster, List<AsteriskBox> boxes) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, cluster, boxes, DEFAULT_MENU_TIMEOUT);
    }

    /** Settings of one box, the shorthand {@code ami} section ({@link AsteriskBox#DEFAULT_ID}). */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir, Priorities priorities, String asteriskCdrFile,
            Capacity capacity, HttpLimits httpLimits, AgiAccess agiAccess, ClusterSettings cluster) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, cluster, List.of());
    }

    /**
     * Settings with the default capacity and HTTP limits, loopback FastAGI peers and no AGI secret (no session is served
     * until {@link #withAgiAccess}).
     */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir, Priorities priorities, String asteriskCdrFile) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, priorities, asteriskCdrFile, Capacity.DEFAULTS, HttpLimits.DEFAULTS,
                AgiAccess.loopback(Secret.of("")));
    }

    /** Settings of a single node (default cluster settings). */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir, Priorities priorities, String asteriskCdrFile,
            Capacity capacity, HttpLimits httpLimits, AgiAccess agiAccess) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, ClusterSettings.DEFAULTS);
    }

    /** These settings with other FastAGI access rules. */
    public EngineSettings withAgiAccess(AgiAccess access) {
        return new EngineSettings(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath,
                httpBind, httpPort, adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost,
                asteriskConfigDir, spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, access, cluster, boxes, menuTimeout);
    }

    /** True when {@code engine.yaml} lists several boxes (then each box's rendered files name it). */
    public boolean severalBoxes() {
        return boxes.size() > 1;
    }

    /** The box {@code id}, if listed. */
    public Optional<AsteriskBox> box(String id) {
        return boxes.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /**
     * These settings as box {@code b} sees them, for rendering its files: the AMI section and the SIP address are the box's
     * (it is first in {@link #boxes()}).
     */
    public EngineSettings forBox(AsteriskBox b) {
        return new EngineSettings(agiBind, agiPort, b.amiHost(), b.amiPort(), b.amiUser(), b.amiSecret(), dbUrl, dbUser, dbPassword,
                embeddedDbPath, httpBind, httpPort, adminToken, timeZone, sharedNumbers, generalDesk, b.sipAddress(), sipPort,
                trunkMatch, agiUrlHost, asteriskConfigDir, spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, cluster,
                java.util.stream.Stream.concat(java.util.stream.Stream.of(b), boxes.stream().filter(o -> !o.id().equals(b.id())))
                        .toList(), menuTimeout);
    }

    /** These settings with another menu timeout. */
    public EngineSettings withMenuTimeout(Duration timeout) {
        return new EngineSettings(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath,
                httpBind, httpPort, adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost,
                asteriskConfigDir, spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, cluster, boxes, timeout);
    }

    /** These settings with other cluster settings. */
    public EngineSettings withCluster(ClusterSettings c) {
        return new EngineSettings(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath,
                httpBind, httpPort, adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost,
                asteriskConfigDir, spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, c, boxes, menuTimeout);
    }

    /** Settings without a CDR file to read. */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir, Priorities priorities) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, priorities, "");
    }

    /** Settings with the default priorities (repeat callers off). */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir, String spoolDir) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                spoolDir, Priorities.DEFAULTS);
    }

    /** Default {@link #spoolDir()}. */
    public static final String DEFAULT_SPOOL_DIR = "var/spool/calls";

    /** Settings with the default spool directory. */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost, String asteriskConfigDir) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, asteriskConfigDir,
                DEFAULT_SPOOL_DIR);
    }

    /** Settings without an Asterisk config directory (the engine does not manage Asterisk's files). */
    public EngineSettings(String agiBind, int agiPort, String amiHost, int amiPort, String amiUser, Secret amiSecret, String dbUrl,
            String dbUser, Secret dbPassword, String embeddedDbPath, String httpBind, int httpPort, Secret adminToken,
            ZoneId timeZone, List<String> sharedNumbers, String generalDesk, String sipBind, int sipPort, List<String> trunkMatch,
            String agiUrlHost) {
        this(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword, embeddedDbPath, httpBind, httpPort,
                adminToken, timeZone, sharedNumbers, generalDesk, sipBind, sipPort, trunkMatch, agiUrlHost, "");
    }

    public EngineSettings {
        asteriskConfigDir = asteriskConfigDir == null ? "" : asteriskConfigDir;
        asteriskCdrFile = asteriskCdrFile == null ? "" : asteriskCdrFile.strip();
        spoolDir = spoolDir == null || spoolDir.isBlank() ? DEFAULT_SPOOL_DIR : spoolDir;
        priorities = priorities == null ? Priorities.DEFAULTS : priorities;
        capacity = capacity == null ? Capacity.DEFAULTS : capacity;
        httpLimits = httpLimits == null ? HttpLimits.DEFAULTS : httpLimits;
        agiAccess = agiAccess == null ? AgiAccess.loopback(Secret.of("")) : agiAccess;
        cluster = cluster == null ? ClusterSettings.DEFAULTS : cluster;
        menuTimeout = menuTimeout == null ? DEFAULT_MENU_TIMEOUT : menuTimeout;
        if (menuTimeout.compareTo(MIN_MENU_TIMEOUT) < 0 || menuTimeout.compareTo(MAX_MENU_TIMEOUT) > 0) {
            throw new IllegalArgumentException("menu timeout " + menuTimeout.toMillis() + " ms (allowed: "
                    + MIN_MENU_TIMEOUT.toMillis() + ".." + MAX_MENU_TIMEOUT.toMillis() + " ms)");
        }
        sharedNumbers = List.copyOf(sharedNumbers);
        trunkMatch = List.copyOf(trunkMatch);
        boxes = boxes == null || boxes.isEmpty()
                ? List.of(new AsteriskBox(AsteriskBox.DEFAULT_ID, amiHost, amiPort, amiUser, amiSecret, sipBind, capacity.maxCalls(),
                        asteriskConfigDir, asteriskCdrFile))
                : List.copyOf(boxes);
    }

    public Optional<String> mariaDbUrl() {
        return dbUrl == null || dbUrl.isBlank() ? Optional.empty() : Optional.of(dbUrl);
    }

    /** As a record prints, with secrets as {@code ****} and any password inside {@code dbUrl} masked. */
    @Override
    public String toString() {
        return Redact.record(this);
    }
}
