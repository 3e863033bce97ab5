package ascc.routing.config;

import ascc.routing.asterisk.Queues;

import java.util.List;

/**
 * A desk: the agents for a family of similar products, one Asterisk queue.
 *
 * @param id short id; the Asterisk queue is {@link #queueName()}
 * @param name display name
 * @param categories product categories this desk serves (empty for the general desk)
 * @param wrapUpSeconds seconds an agent stays unavailable after a call
 * @param dispositions the codes an agent of this desk may pick after a call (desks.yaml; empty: none offered)
 */
public record Desk(String id, String name, List<Category> categories, int wrapUpSeconds, List<Disposition> dispositions) {
    /** A desk without disposition codes. */
    public Desk(String id, String name, List<Category> categories, int wrapUpSeconds) {
        this(id, name, categories, wrapUpSeconds, List.of());
    }

    public Desk {
        categories = List.copyOf(categories);
        dispositions = List.copyOf(dispositions);
    }

    /** The disposition of this desk with {@code code}, if it has one. */
    public java.util.Optional<Disposition> disposition(String code) {
        return dispositions.stream().filter(d -> d.code().equals(code)).findFirst();
    }

    public String queueName() {
        return Queues.ofDesk(id);
    }
}
