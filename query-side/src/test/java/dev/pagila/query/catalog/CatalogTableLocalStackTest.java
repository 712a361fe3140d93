package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.DynamoDbSettings;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.table.ItemBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DynamoDB adapter against LocalStack, the emulator the docker-compose stack runs. Runs wherever Docker
 * exists; skipped cleanly where it does not.
 */
@Testcontainers(disabledWithoutDocker = true)
class CatalogTableLocalStackTest {

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("dynamodb");

    private static DynamoDbClient dynamoDb;
    private static CatalogTable films;

    @BeforeAll
    static void createTable() {
        dynamoDb = DynamoDbClients.create(new DynamoDbSettings(LOCALSTACK.getEndpoint(), LOCALSTACK.getRegion(),
                LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(), FilmsTable.DEFAULT_NAME));
        FilmsTable.createIfMissing(dynamoDb, FilmsTable.DEFAULT_NAME);
        films = new CatalogTable(new dev.pagila.query.table.ReadModelTable(dynamoDb, FilmsTable.DEFAULT_NAME));
    }

    @AfterAll
    static void closeClient() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void tableHasBothIndexesOfTheKeyDesign() {
        TableDescription table = dynamoDb.describeTable(request -> request.tableName(FilmsTable.DEFAULT_NAME)).table();

        assertThat(table.globalSecondaryIndexes())
                .extracting(index -> index.indexName(), index -> index.indexStatus())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(FilmsTable.GSI1, IndexStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple(FilmsTable.GSI2, IndexStatus.ACTIVE));
    }

    @Test
    void batchedWritesApplyEachPositionOnceAndRefuseAStaleCopy() {
        FilmDetails details = new FilmDetails("ALIEN CENTER", "A Brilliant Drama", 2006, LanguageId.of(1), null, 5,
                Money.of("2.99"), 46, Money.of("10.99"), Rating.NC_17, List.of(SpecialFeature.TRAILERS));
        ItemBatch stale = new ItemBatch(films.table());
        stale.prefetch(List.of(FilmItem.key(15)));

        ItemBatch first = new ItemBatch(films.table());
        assertThat(films.writeFilmDetails(first, 15, details, 100)).isTrue();
        first.write();
        ItemBatch again = new ItemBatch(films.table());
        assertThat(films.writeFilmDetails(again, 15, details, 100)).isFalse();
        assertThat(films.writeFilmDetails(again, 15, details, 99)).isFalse();
        assertThat(films.writeFilmDetails(stale, 15, details, 101)).isTrue();
        assertThatThrownBy(stale::write).isInstanceOf(ItemBatch.StaleItemException.class);

        assertThat(films.findFilm(15)).get().extracting(FilmView::title, FilmView::position).containsExactly("ALIEN CENTER", 100L);
    }
}
