package ascc.core.cluster;

import java.time.Duration;

/** Where leases live (the database's {@code cluster_lease}; a fake in tests). */
public interface LeaseStore {
    /**
     * Renews lease {@code name} for {@code owner} when it holds it with {@code token} and it has not expired, else takes
     * it when it is free or expired (a new token, one more than the last), all by the store's clock.
     *
     * @return the token {@code owner} holds now, for {@code ttl} from the store's now; 0 when another owner holds it
     */
    long hold(String name, String owner, long token, Duration ttl) throws LeaseFailure;

    /** Lets lease {@code name} expire now when {@code owner} still holds it with {@code token} (a clean stop). */
    void release(String name, String owner, long token) throws LeaseFailure;
}
