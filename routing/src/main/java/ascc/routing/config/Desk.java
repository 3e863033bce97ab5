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
 */
public record Desk(String id, String name, List<Category> categories, int wrapUpSeconds) {
    public Desk {
        categories = List.copyOf(categories);
    }

    public String queueName() {
        return Queues.ofDesk(id);
    }
}
