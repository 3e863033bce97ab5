package ascc.routing.simulate.erlang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Erlang C on published textbook cases; Erlang A against exact identities that do not share its code path (independent
 * numeric checks, not a published table): with patience equal to the handle time the M/M/n+M system holds as many calls
 * as an M/M/infinity one (Poisson), so P(wait) and the abandon rate have closed forms; abandon rate equals
 * {@code theta * mean wait} (the abandons of Little's law); and very patient callers give Erlang C.
 */
class ErlangTest {
    @Test
    void erlangCMatchesTheTextbookCaseOf200CallsAnHour() {
        QueueFigures f = ErlangC.figures(14, 200, 180, 20);
        assertEquals(0.1741, f.probWait(), 0.00005);
        assertEquals(0.8884, f.serviceLevel(), 0.00005);
        assertEquals(7.84, f.asaSeconds(), 0.005);
        assertEquals(0.714, f.occupancy(), 0.0005);
        assertEquals(10.0, f.offeredErlangs(), 1e-12);
    }

    @Test
    void erlangBMatchesTheTableValue() {
        assertEquals(0.01838, ErlangC.erlangB(10, 5), 0.000005); // 10 trunks, 5 Erlangs
        assertEquals(0.0, ErlangC.erlangB(200, 10), 1e-100);
    }

    @Test
    void agentsFor80In20IsFourteenForTheTextbookCase() {
        assertEquals(14, ErlangC.agentsFor(0.80, 200, 180, 20));
        assertEquals(0, ErlangC.agentsFor(0.80, 0, 180, 20));
    }

    @Test
    void erlangCStaysExactForThousandsOfAgents() {
        QueueFigures f = ErlangC.figures(2300, 2200 * 3600.0 / 180, 180, 20); // 2,200 Erlangs
        assertTrue(f.stable());
        assertTrue(f.probWait() > 0 && f.probWait() < 1, "P(wait) " + f.probWait());
        assertTrue(f.serviceLevel() > 0.99, "SL " + f.serviceLevel());
        int n = ErlangC.agentsFor(0.8, 2200 * 3600.0 / 180, 180, 20);
        assertTrue(n > 2200 && n < 2300, "agents " + n);
        assertFalse(ErlangC.figures(10, 200, 180, 20).stable(), "a = 10 on 10 agents cannot keep up");
    }

    @Test
    void erlangAWithPatienceEqualToHandleTimeIsPoisson() {
        // theta = mu: deaths at k mu for every k, so the number of calls in the system is Poisson(a)
        double a = 12;
        int n = 10;
        QueueFigures f = ErlangA.figures(n, a * 3600 / 180, 180, 20, 180);
        double p = Math.exp(-a);
        double below = 0;
        double excess = 0; // E[(N - n)+]
        for (int k = 0; k < 200; k++) {
            if (k < n) {
                below += p;
            } else {
                excess += (k - n) * p;
            }
            p = p * a / (k + 1);
        }
        assertEquals(1 - below, f.probWait(), 1e-9);
        assertEquals(excess / a, f.abandonRate(), 1e-9); // theta E[Lq] / lambda with theta = mu
    }

    @Test
    void erlangAAbandonRateIsPatienceRateTimesMeanWait() {
        for (double patience : new double[] {30, 120, 600}) {
            QueueFigures f = ErlangA.figures(14, 240, 180, 20, patience);
            assertEquals(f.meanWaitSeconds() / patience, f.abandonRate(), 1e-9, "patience " + patience);
        }
    }

    @Test
    void veryPatientCallersGiveErlangC() {
        QueueFigures c = ErlangC.figures(14, 200, 180, 20);
        QueueFigures a = ErlangA.figures(14, 200, 180, 20, 1e9);
        assertEquals(c.probWait(), a.probWait(), 1e-5);
        assertEquals(c.serviceLevel(), a.serviceLevel(), 1e-5);
        assertEquals(c.asaSeconds(), a.asaSeconds(), 1e-3);
    }

    @Test
    void erlangAKeepsUpWhereErlangCCannotAndStaysFiniteAtScale() {
        QueueFigures over = ErlangA.figures(10, 240, 180, 20, 60); // a = 12 on 10 agents
        assertTrue(over.stable());
        assertTrue(over.abandonRate() > 0.1 && over.abandonRate() < 0.5, "abandons " + over.abandonRate());
        assertTrue(over.occupancy() < 1);
        QueueFigures big = ErlangA.figures(2500, 2400 * 3600.0 / 180, 180, 20, 90);
        assertTrue(big.probWait() > 0 && big.probWait() < 1 && big.serviceLevel() > 0.8, big.toString());
        int n = ErlangA.agentsFor(0.8, 200, 180, 20, 120);
        assertTrue(n <= 14 && n >= 11, "with abandons fewer agents reach 80/20: " + n);
    }
}
