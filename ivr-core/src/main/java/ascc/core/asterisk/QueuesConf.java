package ascc.core.asterisk;

import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.FeatureCodes;
import ascc.routing.asterisk.Queues;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code queues.conf}: one queue per desk (members added dynamically over AMI by the engine) and the static fallback
 * queue with every agent, for calls the engine does not route.
 */
final class QueuesConf {
    /** Seconds a member's phone rings before the queue tries the next member. */
    static final int RING_SECONDS = 15;
    /** Seconds between two ring attempts. */
    static final int RETRY_SECONDS = 1;

    private QueuesConf() {
    }

    /** {@code agents} and {@code desks} sorted by id. */
    static String render(CenterConfig config, List<Agent> agents, List<Desk> desks) {
        Conf c = new Conf();
        c.section("general");
        c.option("persistentmembers", "no");
        c.option("autofill", "yes");
        c.option("shared_lastcall", "yes");
        c.option("log_membername_as_agent", "yes");

        for (Desk d : desks) {
            String queue = AsteriskSyntax.name("queue of desk " + AsteriskSyntax.quoted(d.id()), d.queueName());
            c.comment("Desk " + d.id() + ": dynamic members only. The engine adds agents over AMI (QueueAdd, penalty 5 - proficiency:");
            c.comment("lower penalty is offered first) when it connects (auto-login) and on the phone's " + FeatureCodes.LOGIN + "; "
                    + FeatureCodes.LOGOUT + " removes them.");
            queue(c, queue, d.wrapUpSeconds(), new ArrayList<>());
            // a waiting caller's single key leaves the queue to this context when it has the key (1: callback keeping the place)
            c.option("context", Contexts.WAIT_KEYS);
        }

        List<Member> all = new ArrayList<>();
        for (Agent a : agents) {
            int best = a.skills().values().stream().mapToInt(Agent::penaltyFor).min().orElse(Agent.penaltyFor(1));
            all.add(member(a, best));
        }
        Desk general = config.desks().get(config.engine().generalDesk());
        c.comment("Fallback when the engine is down: every agent, at the best penalty of their desks.");
        queue(c, Queues.FALLBACK, general == null ? 0 : general.wrapUpSeconds(), all);
        return c.text();
    }

    private record Member(String id, int penalty, String name) {
    }

    private static Member member(Agent a, int penalty) {
        String what = "agent " + AsteriskSyntax.quoted(a.id());
        return new Member(AsteriskSyntax.name("agent id", a.id()), penalty, AsteriskSyntax.displayName(what + " name", a.name()));
    }

    private static void queue(Conf c, String name, int wrapUpSeconds, List<Member> members) {
        if (wrapUpSeconds < 0) {
            throw new IllegalArgumentException("queue " + name + ": wrap-up " + wrapUpSeconds + " s is negative");
        }
        c.section(name);
        c.option("strategy", "rrmemory");
        c.option("timeout", Integer.toString(RING_SECONDS));
        c.option("retry", Integer.toString(RETRY_SECONDS));
        c.option("wrapuptime", Integer.toString(wrapUpSeconds));
        c.option("ringinuse", "no");
        c.option("joinempty", "yes");
        c.option("leavewhenempty", "no");
        c.option("announce-position", "no");
        c.option("musicclass", "default");
        members.sort(Comparator.comparingInt(Member::penalty).thenComparing(Member::id));
        for (Member m : members) {
            String iface = Channels.pjsip(m.id());
            c.line("member => " + iface + "," + m.penalty() + "," + m.name() + "," + iface);
        }
    }
}
