package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AsteriskFilesTest {

    @Test
    void eachRenderedFileReloadsOnlyItsOwnModule() {
        assertEquals("module reload res_pjsip.so", AsteriskFiles.reloadCommand("pjsip.conf"));
        assertEquals("module reload app_queue.so", AsteriskFiles.reloadCommand("queues.conf"));
        assertEquals("dialplan reload", AsteriskFiles.reloadCommand("extensions.conf"));
        assertEquals("manager reload", AsteriskFiles.reloadCommand("manager.conf"));
        assertEquals("module reload app_voicemail.so", AsteriskFiles.reloadCommand("voicemail.conf"));
    }

    @Test
    void tellsAFailedReloadFromItsCliOutput() {
        assertFalse(AsteriskFiles.reloadFailed(List.of("Module 'app_queue.so' reloaded successfully.")));
        assertFalse(AsteriskFiles.reloadFailed(List.of("Dialplan reloaded.")));
        assertFalse(AsteriskFiles.reloadFailed(List.of()));
        assertTrue(AsteriskFiles.reloadFailed(List.of("Unable to find module 'app_queue.so'")));
        assertTrue(AsteriskFiles.reloadFailed(List.of("The module 'res_pjsip.so' was not properly initialized.  Before reloading")));
        assertTrue(AsteriskFiles.reloadFailed(List.of("Module 'x.so' reload failed")));
    }
}
