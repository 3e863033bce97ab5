/**
 * Engine nodes and leases (docs/scale-out.md): once-only work is done by the node holding its lease in the database
 * ({@code cluster_lease}); every write of such work is fenced by the lease's token ({@link ascc.core.cluster.Fence}),
 * so a node that lost its lease cannot write after another took it over.
 */
package ascc.core.cluster;
