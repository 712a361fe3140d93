package dev.pagila.command.migration;

/** Told how far an import has got after every stored batch. */
@FunctionalInterface
public interface ImportProgress {

    /**
     * @param done  events handled so far (appended or found already there)
     * @param total events the whole history holds
     */
    void batchStored(long done, long total);

    ImportProgress SILENT = (done, total) -> {
    };
}
