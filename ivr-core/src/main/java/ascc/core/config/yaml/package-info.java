/**
 * The readers of {@code conf/}: each file read from disk, composed into YAML nodes (snakeyaml-engine, with line marks)
 * and checked into routing's and recordings-config's immutable typed models. Every problem is collected as
 * {@code file:line: key: message}; unknown keys are errors; any value may be {@code ${NAME}} or {@code ${NAME:-default}}.
 *
 * <p>{@link ascc.core.config.Conf} calls them all for one snapshot; the domain modules never see a file or a YAML node.
 */
package ascc.core.config.yaml;
