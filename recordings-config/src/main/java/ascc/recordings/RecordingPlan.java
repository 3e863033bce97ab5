package ascc.recordings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How one call is recorded: decided when the call is routed, before the agent answers.
 *
 * @param companyId the company
 * @param linkedId Asterisk linkedid of the call
 * @param asteriskFile the file MixMonitor writes, as Asterisk sees it
 * @param engineFile the same file as the engine sees it (stored in the call record)
 * @param consentPrompt sound to play to the customer before the agent is connected; empty when the policy asks for none
 */
public record RecordingPlan(String companyId, String linkedId, String asteriskFile, Path engineFile, Optional<String> consentPrompt) {
}
