package ascc.testsupport.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP RI's internal logging to slf4j (logger "gov.nist.javax.sip"), so the RI does not need log4j.
 * Instantiated by the RI through the {@code gov.nist.javax.sip.STACK_LOGGER} property; public for that reason.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");
    private static final Logger WIRE = LoggerFactory.getLogger("ascc.testsupport.sip.wire");

    public Slf4jStackLogger() {
        // instantiated reflectively by the SIP stack
    }

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Exception("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel >= TRACE_TRACE) {
            return LOG.isTraceEnabled();
        }
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            // TRACE_MESSAGES == TRACE_INFO: the RI hands messages to Slf4jServerLogger only when this is true
            return LOG.isDebugEnabled() || WIRE.isTraceEnabled();
        }
        if (logLevel >= TRACE_WARN) {
            return LOG.isWarnEnabled();
        }
        return LOG.isErrorEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        if (isTlsDefaultsNotice(message)) {
            LOG.debug(message);
        } else {
            LOG.warn(message);
        }
    }

    /** The RI's INFO is chatty per message ("Setting SIPMessage peerPacketSource ..."): kept at DEBUG. */
    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    /** The RI warns at every stack start that TLS uses JVM defaults; a UDP-only test phone does not care. */
    private static boolean isTlsDefaultsNotice(String message) {
        return message != null && (message.contains("TLS") || message.contains("default keystore")
            || message.contains("default truststore") || message.contains("tls security policy"));
    }

    @Override
    public void disableLogging() {
        // level is governed by the slf4j binding
    }

    @Override
    public void enableLogging() {
        // level is governed by the slf4j binding
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // nothing to configure
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
