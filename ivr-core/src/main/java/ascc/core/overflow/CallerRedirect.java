package ascc.core.overflow;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiMessage;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Contexts;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.OverflowConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The AMI chain of a moving overflow step (offer a callback, partner center, voicemail): the caller's channel variables
 * one after the other, then a {@code Redirect} to the step's rendered context ({@code ascc-overflow-*}).
 */
final class CallerRedirect {
    private CallerRedirect() {
    }

    /** The rendered context {@code action} sends the caller to. */
    static String contextOf(OverflowConfig.Action action) {
        return switch (action) {
            case OverflowConfig.OfferCallback o -> Contexts.OVERFLOW_CALLBACK;
            case OverflowConfig.Partner p -> Contexts.OVERFLOW_PARTNER;
            case OverflowConfig.Voicemail v -> Contexts.OVERFLOW_VOICEMAIL;
            default -> throw new IllegalStateException("not a moving action: " + action);
        };
    }

    /**
     * Sends the variables, then the Redirect of {@code channel}, without waiting on any thread. Completes with true once
     * redirected, false (nothing sent but the Getvar) when a voicemail caller has no known company, exceptionally when an
     * action failed.
     */
    static CompletableFuture<Boolean> run(OverflowAmi ami, CenterConfig c, OverflowConfig cfg, String channel,
                                          OverflowConfig.Action action, int position) {
        String context = contextOf(action);
        CompletableFuture<Map<String, String>> vars = switch (action) {
            case OverflowConfig.OfferCallback o -> {
                OverflowConfig.CallbackRules r = cfg.callback();
                Map<String, String> v = new TreeMap<>();
                v.put(ChannelVars.OVF_POS, Integer.toString(position));
                v.put(ChannelVars.OVF_KEY, r.key());
                v.put(ChannelVars.OVF_PROMPT, r.offerPrompt());
                v.put(ChannelVars.OVF_THANKS, r.thanksPrompt());
                yield CompletableFuture.completedFuture(v);
            }
            case OverflowConfig.Partner p -> CompletableFuture.completedFuture(Map.of(ChannelVars.OVF_DIAL, cfg.dialFor(p.number())));
            case OverflowConfig.Voicemail v -> {
                CompletableFuture<String> box = mailbox(ami, c, channel);
                yield box.thenApply(b -> b == null ? null : Map.of(ChannelVars.MAILBOX, b));
            }
            default -> throw new IllegalStateException("not a moving action: " + action);
        };
        return vars.thenCompose(v -> v == null ? CompletableFuture.completedFuture(false)
                : redirect(ami, channel, v, context, "s", "1").thenApply(x -> true));
    }

    /**
     * Sets {@code vars} on {@code channel} one after the other (in map order), then redirects it to {@code context},
     * {@code exten}, {@code priority} (a number or a label). Completes once Asterisk answered the Redirect.
     */
    static CompletableFuture<AmiMessage> redirect(OverflowAmi ami, String channel, Map<String, String> vars, String context,
                                                  String exten, String priority) {
        CompletableFuture<AmiMessage> chain = CompletableFuture.completedFuture(null);
        for (Map.Entry<String, String> e : vars.entrySet()) {
            AmiAction set = AmiAction.of("Setvar").with("Channel", channel).with("Variable", e.getKey()).with("Value", e.getValue());
            chain = chain.thenCompose(x -> ami.call(set));
        }
        AmiAction redirect = AmiAction.of("Redirect").with("Channel", channel).with("Context", context).with("Exten", exten)
                .with("Priority", priority);
        return chain.thenCompose(x -> ami.call(redirect));
    }

    /** {@code <company code>@ascc} of the caller's company (channel variable CC_COMPANY), or null. */
    private static CompletableFuture<String> mailbox(OverflowAmi ami, CenterConfig c, String channel) {
        return ami.call(AmiAction.of("Getvar").with("Channel", channel).with("Variable", ChannelVars.COMPANY)).thenApply(r -> {
            String id = r == null ? null : r.get("Value");
            Company co = id == null || id.isBlank() ? null : c.companies().get(id);
            return co == null ? null : Contexts.mailbox(co.code());
        });
    }
}
