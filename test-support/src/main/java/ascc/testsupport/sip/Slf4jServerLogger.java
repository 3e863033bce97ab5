package ascc.testsupport.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every SIP message the RI sends or receives at TRACE on logger "ascc.testsupport.sip.wire".
 * Instantiated by the RI through the {@code gov.nist.javax.sip.SERVER_LOGGER} property; public for that reason.
 */
public final class Slf4jServerLogger implements ServerLogger {

    private static final Logger WIRE = LoggerFactory.getLogger("ascc.testsupport.sip.wire");

    private volatile String stackName = "?";

    public Slf4jServerLogger() {
        // instantiated reflectively by the SIP stack
    }

    @Override
    public void closeLogFile() {
        // no file
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("[{}] {} {} -> {}\n{}", stackName, sender ? "sent" : "received", from, to, message.encode());
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0L);
    }

    @Override
    public void logException(Exception ex) {
        WIRE.warn("[{}] SIP stack exception", stackName, ex);
    }

    @Override
    public void setStackProperties(Properties properties) {
        stackName = properties.getProperty("javax.sip.STACK_NAME", "?");
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // name already taken from the properties
    }
}
