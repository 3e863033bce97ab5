package ascc.agi.flows;

/**
 * What the agent feature-code flow asks of the engine: queue membership and pause state of one agent. The engine
 * implements it over AMI ({@code QueueAdd}, {@code QueueRemove}, {@code QueuePause}); tests use a fake. Calls may
 * block for the AMI round trip.
 */
public interface AgentControl {

    /** Outcome of one request; the flow picks the prompt from it. */
    enum Result {
        /** Done. */
        OK,
        /** Nothing to do: already in the asked state (logged in, paused, unpaused). */
        ALREADY,
        /** The calling phone is no configured agent. */
        NOT_AN_AGENT,
        /** Refused while the agent is on a call (log out). */
        ON_CALL,
        /** Pause or unpause while logged in to no desk. */
        NOT_LOGGED_IN,
        /** Asterisk refused or did not answer; state is unchanged or re-read on the next resync. */
        FAILED
    }

    /** Adds the agent to every desk queue of their skills. */
    Result login(String agentId);

    /** Removes the agent from every desk queue. */
    Result logout(String agentId);

    /** Pauses the agent in every queue with a reason code and name. */
    Result pause(String agentId, int reasonCode, String reason);

    /** Unpauses the agent in every queue. */
    Result unpause(String agentId);
}
