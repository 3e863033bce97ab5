package ascc.routing.config;

import java.time.LocalDate;
import java.util.Optional;

/** A one-off closed day, for one company or (company empty) the whole center. */
public record Closure(LocalDate date, Optional<String> company, String reason) {
}
