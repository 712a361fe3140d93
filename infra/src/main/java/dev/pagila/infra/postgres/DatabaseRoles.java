package dev.pagila.infra.postgres;

/** The login roles of the two services; the migrations create them and grant each its own schema. */
public record DatabaseRoles(String commandRole, String commandPassword, String queryRole, String queryPassword) {

    public static final String EVENTS_SCHEMA = "events";
    public static final String PROJECTIONS_SCHEMA = "projections";

    /** The roles the local run and the docker-compose stack use; real deployments pass their own. */
    public static DatabaseRoles localDefaults() {
        return new DatabaseRoles("pagila_command", "pagila_command", "pagila_query", "pagila_query");
    }
}
