package ascc.routing.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.overflow.OverflowPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's per-second overflow check takes the same steps on the same callers as the engine's
 * {@link OverflowPolicy#decide}: random queues (waits, priorities) and random step lists, ticked again and again, compared
 * step by step with decide on the same snapshot and the same steps taken before.
 */
class OverflowTickTest {
    private static final OverflowConfig.Trigger[] TRIGGERS = {new OverflowConfig.WaitedAtLeast(5), new OverflowConfig.WaitedAtLeast(20),
        new OverflowConfig.QueueLengthAtLeast(2), new OverflowConfig.QueueLengthAtLeast(4), new OverflowConfig.NoAgent(false),
        new OverflowConfig.NoAgent(true), new OverflowConfig.EstimatedWaitAtLeast(60)};
    private static final OverflowConfig.Action[] ACTIONS = {new OverflowConfig.Widen(1), new OverflowConfig.OfferCallback(),
        new OverflowConfig.Voicemail(), new OverflowConfig.Partner("0215770000")};

    @Test
    void theTickTakesTheStepsDecideTakes() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        for (int round = 0; round < 200; round++) {
            Step[] steps = new Step[1 + rnd.nextInt(4)];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = new Step(TRIGGERS[rnd.nextInt(TRIGGERS.length)], ACTIONS[rnd.nextInt(ACTIONS.length)]);
            }
            EventHeap events = new EventHeap();
            Tally tally = new Tally(1, new int[48], 20_000, 0);
            QueueModel m = new QueueModel(events, tally, new String[] {"desk-d1"}, new long[] {0}, new int[] {Integer.MAX_VALUE},
                    new Step[][] {steps}, new int[] {5}, OverflowConfig.CallbackRules.DEFAULT, 0, new int[0]);
            m.backups(new int[][][] {new int[steps.length][0]}, new int[][][] {new int[steps.length][0]});
            Callers k = m.callers;
            List<Integer> slots = new ArrayList<>();
            int n = 1 + rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                int c = k.alloc();
                k.desk[c] = 0;
                k.company[c] = 0;
                k.priority[c] = rnd.nextInt(3) == 0 ? 5 : 0;
                k.hour[c] = 0;
                k.handleMs[c] = 60_000;
                k.patienceMs[c] = Callers.NEVER;
                k.acceptsCallback[c] = rnd.nextBoolean();
                long joined = rnd.nextInt(30) * 1000L;
                k.firstJoined[c] = joined;
                m.join(c, joined, false);
                slots.add(c);
            }
            Set<String> taken = new HashSet<>();
            for (long t = 30_000; t <= 60_000; t += 1000) {
                // decide on the snapshot the tick sees: queue order, steps taken before, moved callers
                List<OverflowPolicy.Caller> waiting = new ArrayList<>();
                for (int i = 0; i < m.waiting(0); i++) {
                    int c = m.waitingAt(0, i);
                    waiting.add(new OverflowPolicy.Caller(Integer.toString(c), Instant.ofEpochMilli(k.firstJoined[c]), k.placeholder[c],
                            k.moved[c]));
                }
                OverflowPolicy.Plan plan = OverflowPolicy.decide(List.of(steps), new OverflowPolicy.QueueState(waiting, 0, 0, 0, null),
                        Instant.ofEpochMilli(t), taken);
                long[] before = stepCounts(tally, steps.length);
                m.tick(0, t);
                long[] after = stepCounts(tally, steps.length);
                long[] expected = new long[steps.length];
                for (OverflowPolicy.Decision d : plan.decisions()) {
                    expected[d.stepNo() - 1]++;
                    taken.add(d.callerId() + "|" + d.stepNo());
                }
                for (int s = 0; s < steps.length; s++) {
                    assertEquals(expected[s], after[s] - before[s], "round " + round + " t=" + t + " step " + (s + 1) + " of "
                            + List.of(steps));
                }
            }
        }
    }

    private static long[] stepCounts(Tally tally, int n) {
        long[] out = new long[n];
        for (int s = 0; s < n; s++) {
            out[s] = tally.counts[0][0][SimulationResult.Field.values().length + s];
        }
        return out;
    }
}
