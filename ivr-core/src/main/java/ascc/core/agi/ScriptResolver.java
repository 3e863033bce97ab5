package ascc.core.agi;

import ascc.agi.AgiScript;
import java.util.Map;
import java.util.Optional;

/** Finds the call flow for the script name of a FastAGI URL ({@code agi://host/inbound} → {@code inbound}). */
@FunctionalInterface
public interface ScriptResolver {

    Optional<AgiScript> resolve(String name);

    /** A resolver over a fixed map of names to scripts (copied). */
    static ScriptResolver of(Map<String, AgiScript> scripts) {
        return new MapScriptResolver(scripts);
    }

    /** Map-based resolver, immutable. */
    record MapScriptResolver(Map<String, AgiScript> scripts) implements ScriptResolver {
        public MapScriptResolver {
            scripts = Map.copyOf(scripts);
        }

        @Override
        public Optional<AgiScript> resolve(String name) {
            return Optional.ofNullable(scripts.get(name));
        }
    }
}
