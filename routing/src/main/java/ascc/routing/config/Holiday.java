package ascc.routing.config;

import java.time.LocalDate;

/** A public holiday: the center is closed for every company. */
public record Holiday(LocalDate date, String name) {
}
