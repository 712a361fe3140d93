-- The apps' roles keep what they use at run time and nothing more: rows of their own tables, their sequences. Until
-- now they owned their schemas and tables, which let them create, alter or drop anything there. The apps run no
-- DDL (every table Axon uses, events, tokens and dead letters, is created by these migrations), so the
-- administrator who runs the migrations takes over every object the roles own in this database, and only a
-- migration changes the schema from here on. Later migrations create their tables as the administrator and never
-- give them to an app role: the default privileges below grant the role its rows.
REASSIGN OWNED BY ${commandRole}, ${queryRole} TO CURRENT_USER;

-- The command side: its event store and lookups, its accounts and signing keys, a live migration's bookkeeping.
GRANT USAGE ON SCHEMA events, identity, migration TO ${commandRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA events, identity, migration TO ${commandRole};
-- nextval for new ids and the events' global index; setval and reading last_value when an import moves the ids on
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA events, identity, migration TO ${commandRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA events, identity, migration
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${commandRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA events, identity, migration
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${commandRole};

-- The query side: its tracking tokens, dead letters and the read model's pointer. It reads the events (V1), no more.
GRANT USAGE ON SCHEMA projections TO ${queryRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA projections TO ${queryRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA projections
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${queryRole};

-- Nobody creates in the public schema either: PostgreSQL 15 and later grant it to no one, older servers to everyone.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
