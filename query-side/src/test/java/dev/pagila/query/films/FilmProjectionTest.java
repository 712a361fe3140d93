package dev.pagila.query.films;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.support.ReadStores;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The films projection against a real DynamoDB Local and a real Redis. */
class FilmProjectionTest {

    private static final AtomicInteger NEXT_FILM = new AtomicInteger(1);
    private static final Duration TTL = Duration.ofMinutes(5);

    private static ReadStores stores;
    private static FilmTable films;
    private static VersionedCache cache;
    private static FilmProjection projection;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
        films = new FilmTable(stores.dynamoDb, stores.table);
        cache = stores.cache(new ObjectMapper().registerModule(new JavaTimeModule()));
        projection = new FilmProjection(films, cache, TTL, stores.meters);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void projectsARegisteredFilmIntoItsMetaItemWithRatingAndTitleIndexKeys() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ACADEMY DINOSAUR", Rating.PG)), at(7));

        Map<String, AttributeValue> item = films.item(film.value());
        assertThat(item.get(FilmsTable.PK).s()).isEqualTo(FilmsKeys.film(film.value()));
        assertThat(item.get(FilmsTable.SK).s()).isEqualTo("#META");
        assertThat(item.get(FilmsTable.GSI2_PK).s()).isEqualTo("RATING#PG");
        assertThat(item.get(FilmsTable.GSI2_SK).s()).isEqualTo("TITLE#ACADEMY DINOSAUR#" + film.value());
        assertThat(item.get("rentalRate").n()).isEqualTo("0.99");
        assertThat(item.get("specialFeatures").l()).extracting(AttributeValue::s)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        assertThat(item.get(FilmsTable.POSITION).n()).isEqualTo("7");
        assertThat(films.find(film.value())).get().extracting(FilmView::title, FilmView::position)
                .containsExactly("ACADEMY DINOSAUR", 7L);
    }

    @Test
    void redeliveredEventLeavesTheItemUnchanged() {
        FilmId film = newFilm();
        FilmRegisteredEvent registered = new FilmRegisteredEvent(film, details("ACE GOLDFINGER", Rating.G));
        projection.on(registered, at(10));
        Map<String, AttributeValue> once = films.item(film.value());

        double alreadyAppliedBefore = alreadyApplied();
        projection.on(registered, at(10));

        assertThat(films.item(film.value())).isEqualTo(once);
        assertThat(alreadyApplied() - alreadyAppliedBefore).isEqualTo(1.0);
    }

    @Test
    void anOlderEventReplayedAfterANewerOneChangesNothing() {
        FilmId film = newFilm();
        FilmRegisteredEvent registered = new FilmRegisteredEvent(film, details("ADAPTATION HOLES", Rating.NC_17));
        projection.on(registered, at(20));
        projection.on(new FilmDetailsRevisedEvent(film, details("ADAPTATION HOLES II", Rating.R)), at(25));

        projection.on(registered, at(20));

        assertThat(films.find(film.value())).get().extracting(FilmView::title, FilmView::rating, FilmView::position)
                .containsExactly("ADAPTATION HOLES II", "R", 25L);
    }

    @Test
    void revisionRemovesAttributesThatBecameEmpty() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AFFAIR PREJUDICE", Rating.G)), at(30));
        FilmDetails withoutDescription = new FilmDetails("AFFAIR PREJUDICE", null, 2006, LanguageId.of(1), null, 5,
                Money.of("2.99"), null, Money.of("26.99"), Rating.G, List.of());

        projection.on(new FilmDetailsRevisedEvent(film, withoutDescription), at(31));

        Map<String, AttributeValue> item = films.item(film.value());
        assertThat(item).doesNotContainKeys("description", "length");
        assertThat(item.get("specialFeatures").l()).isEmpty();
    }

    @Test
    void projectionRefreshesTheCachedAnswerAfterTheDynamoDbWrite() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AFRICAN EGG", Rating.G)), at(40));
        projection.on(new FilmDetailsRevisedEvent(film, details("AFRICAN EGG REVISITED", Rating.G)), at(41));

        assertThat(cache.get(CacheKeys.film(film.value()), FilmView.class)).get()
                .extracting(FilmView::title, FilmView::position)
                .containsExactly("AFRICAN EGG REVISITED", 41L);
    }

    @Test
    void aSlowReaderCannotPutAnOlderAnswerBackIntoTheCache() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AGENT TRUMAN", Rating.PG)), at(50));
        FilmView readBeforeTheRevision = films.find(film.value()).orElseThrow();

        projection.on(new FilmDetailsRevisedEvent(film, details("AGENT TRUMAN RETURNS", Rating.PG)), at(55));
        boolean stalePutLanded = cache.putIfNewer(CacheKeys.film(film.value()), readBeforeTheRevision.position(),
                readBeforeTheRevision, TTL);

        assertThat(stalePutLanded).isFalse();
        assertThat(cache.get(CacheKeys.film(film.value()), FilmView.class)).get()
                .extracting(FilmView::title).isEqualTo("AGENT TRUMAN RETURNS");
    }

    @Test
    void redeliveryAfterACrashBetweenTheDynamoDbWriteAndTheCacheRefreshStillRefreshesTheCache() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AIRPLANE SIERRA", Rating.PG_13)), at(60));
        FilmDetailsRevisedEvent revised = new FilmDetailsRevisedEvent(film, details("AIRPLANE SIERRA 2", Rating.PG_13));
        films.writeDetails(film.value(), revised.details(), 61); // the DynamoDB write landed, then the process died

        projection.on(revised, at(61)); // redelivered, since its token was never committed

        assertThat(cache.get(CacheKeys.film(film.value()), FilmView.class)).get()
                .extracting(FilmView::title, FilmView::position)
                .containsExactly("AIRPLANE SIERRA 2", 61L);
    }

    @Test
    void queriesAnswerFromDynamoDbWhileRedisIsDownAndCachingResumesWhenItReturns() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ALADDIN CALENDAR", Rating.NC_17)), at(70));
        FilmQueries queries = new FilmQueries(films, cache, TTL, java.time.Clock.systemUTC());

        stores.stopRedis();
        try {
            assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("ALADDIN CALENDAR");
        } finally {
            stores.startRedis();
        }

        stores.redis.delete(CacheKeys.film(film.value()));
        queries.find(film.value());
        assertThat(stores.redis.opsForHash().get(CacheKeys.film(film.value()), "v")).isEqualTo("70");
    }

    private static double alreadyApplied() {
        return stores.meters.get("pagila.projection.events").tag("outcome", "already-applied").counter().count();
    }

    private static FilmId newFilm() {
        return FilmId.of(NEXT_FILM.getAndIncrement());
    }

    private static TrackingToken at(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }

    private static FilmDetails details(String title, Rating rating) {
        return new FilmDetails(title, "A Epic Drama", 2006, LanguageId.of(1), null, 6, Money.of("0.99"), 86,
                Money.of("20.99"), rating, List.of(SpecialFeature.DELETED_SCENES, SpecialFeature.BEHIND_THE_SCENES));
    }
}
