package dev.pagila.query.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.support.SecurityHeaders;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.web.CachedHits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.pagila.query.table.ReadModelTable;
import dev.pagila.query.web.NotYetConsistentException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pagila.query.support.Tracked.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog projection against a real DynamoDB Local and a real Redis. */
class CatalogProjectionTest {

    private static final AtomicInteger NEXT_FILM = new AtomicInteger(1);
    private static final AtomicInteger NEXT_POSITION = new AtomicInteger(1_000_000);

    private static ReadStores stores;
    private static CatalogTable films;
    private static VersionedCache cache;
    private static CatalogProjection projection;
    private static FilmQueries queries;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
        films = new CatalogTable(stores.table());
        cache = stores.cache();
        projection = new CatalogProjection(films, cache, stores.writers(cache));
        queries = new FilmQueries(films, cache, java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void projectsARegisteredFilmIntoItsMetaItemWithRatingAndTitleIndexKeys() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ACADEMY DINOSAUR", Rating.PG)), at(7));

        Map<String, AttributeValue> item = stored(FilmItem.key(film.value()));
        assertThat(item.get(FilmsTable.PK).s()).isEqualTo(FilmsKeys.film(film.value()));
        assertThat(item.get(FilmsTable.SK).s()).isEqualTo("#META");
        assertThat(item.get(FilmsTable.GSI2_PK).s()).isEqualTo("FILMS");
        assertThat(item.get(FilmsTable.GSI2_SK).s()).isEqualTo("TITLE#ACADEMY DINOSAUR#" + film.value());
        assertThat(item.get("rentalRate").n()).isEqualTo("0.99");
        assertThat(item.get("specialFeatures").l()).extracting(AttributeValue::s)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        assertThat(item.get(FilmsTable.POSITION).n()).isEqualTo("7");
        assertThat(films.findFilm(film.value())).get().extracting(FilmView::title, FilmView::position)
                .containsExactly("ACADEMY DINOSAUR", 7L);
    }

    @Test
    void redeliveredEventLeavesTheItemUnchanged() {
        FilmId film = newFilm();
        FilmRegisteredEvent registered = new FilmRegisteredEvent(film, details("ACE GOLDFINGER", Rating.G));
        projection.on(registered, at(10));
        Map<String, AttributeValue> once = stored(FilmItem.key(film.value()));

        double alreadyAppliedBefore = alreadyApplied();
        projection.on(registered, at(10));

        assertThat(stored(FilmItem.key(film.value()))).isEqualTo(once);
        assertThat(alreadyApplied() - alreadyAppliedBefore).isEqualTo(1.0);
    }

    @Test
    void anOlderEventReplayedAfterANewerOneChangesNothing() {
        FilmId film = newFilm();
        FilmRegisteredEvent registered = new FilmRegisteredEvent(film, details("ADAPTATION HOLES", Rating.NC_17));
        projection.on(registered, at(20));
        projection.on(new FilmDetailsRevisedEvent(film, details("ADAPTATION HOLES II", Rating.R)), at(25));

        projection.on(registered, at(20));

        assertThat(films.findFilm(film.value())).get().extracting(FilmView::title, FilmView::rating, FilmView::position)
                .containsExactly("ADAPTATION HOLES II", "R", 25L);
    }

    @Test
    void revisionRemovesAttributesThatBecameEmpty() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AFFAIR PREJUDICE", Rating.G)), at(30));
        FilmDetails withoutDescription = new FilmDetails("AFFAIR PREJUDICE", null, 2006, LanguageId.of(1), null, 5,
                Money.of("2.99"), null, Money.of("26.99"), Rating.G, List.of());

        projection.on(new FilmDetailsRevisedEvent(film, withoutDescription), at(31));

        Map<String, AttributeValue> item = stored(FilmItem.key(film.value()));
        assertThat(item).doesNotContainKeys("description", "length");
        assertThat(item.get("specialFeatures").l()).isEmpty();
    }

    @Test
    void aProjectionWriteRetiresTheCachedAnswerAndTheNextReadCachesTheNewOne() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AFRICAN EGG", Rating.G)), at(40));
        queries.find(film.value());
        double hitsBefore = cacheHits();
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("AFRICAN EGG");
        assertThat(cacheHits()).isEqualTo(hitsBefore + 1);

        projection.on(new FilmDetailsRevisedEvent(film, details("AFRICAN EGG REVISITED", Rating.G)), at(41));

        assertThat(queries.find(film.value())).get().extracting(FilmView::title, FilmView::position)
                .containsExactly("AFRICAN EGG REVISITED", 41L);
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("AFRICAN EGG REVISITED");
        assertThat(cacheHits()).isEqualTo(hitsBefore + 2);
    }

    @Test
    void aReadYourWritesWaitReadsDynamoDbOnlyWhenTheFilmWasWritten() throws Exception {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ALONE TRIP", Rating.R)), at(50));
        AtomicInteger reads = new AtomicInteger();
        DynamoDbClient counted = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getItem") || method.getName().equals("query")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(stores.dynamoDb, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FilmQueries waiting = new FilmQueries(new CatalogTable(new ReadModelTable(counted, stores.table)), cache,
                java.time.Clock.systemUTC());
        waiting.find(film.value()); // cached at 50

        assertThatThrownBy(() -> waiting.findAtLeast(film.value(), 51, Duration.ofMillis(800)))
                .isInstanceOf(NotYetConsistentException.class);
        assertThat(reads.get()).as("nothing was written: DynamoDB is not polled").isLessThanOrEqualTo(1);

        reads.set(0);
        Thread writer = new Thread(() -> projection.on(new FilmDetailsRevisedEvent(film, details("ALONE TRIP II", Rating.R)), at(51)));
        CompletableFuture<FilmView> answer = CompletableFuture.supplyAsync(() -> waiting.findAtLeast(film.value(), 51, Duration.ofSeconds(10)));
        Thread.sleep(300);
        writer.start();

        assertThat(answer.get(10, TimeUnit.SECONDS)).extracting(FilmView::title, FilmView::position).containsExactly("ALONE TRIP II", 51L);
        assertThat(reads.get()).as("one read when the write landed, not one every few milliseconds").isLessThanOrEqualTo(3);
    }

    @Test
    void aSlowReaderCannotPutAnOlderAnswerBackIntoTheCache() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AGENT TRUMAN", Rating.PG)), at(50));

        // a reader misses the cache and reads DynamoDB; the projection writes and invalidates before it caches
        Optional<FilmView> slowAnswer = cache.readThrough(VersionedCache.Slot.film(film.value()), FilmView.class, () -> {
            Optional<FilmView> readBeforeTheRevision = films.findFilm(film.value());
            projection.on(new FilmDetailsRevisedEvent(film, details("AGENT TRUMAN RETURNS", Rating.PG)), at(55));
            return readBeforeTheRevision;
        });

        assertThat(slowAnswer).get().extracting(FilmView::title).isEqualTo("AGENT TRUMAN");
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("AGENT TRUMAN RETURNS");
    }

    @Test
    void aCacheHitAnswersTheJsonTheMissWroteWithoutReadingDynamoDb() throws Exception {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ALABAMA DEVIL", Rating.PG_13)), at(57));
        double hitsBefore = cacheHits();

        CachedJson<FilmView> miss = queries.findJson(film.value()).orElseThrow();
        CachedJson<FilmView> hit = queries.findJson(film.value()).orElseThrow();

        assertThat(cacheHits()).isEqualTo(hitsBefore + 1);
        assertThat(hit.text()).isEqualTo(miss.text());
        assertThat(new ObjectMapper().readTree(hit.text()).get("title").asText()).isEqualTo("ALABAMA DEVIL");
        projection.on(new FilmDetailsRevisedEvent(film, details("ALABAMA DEVIL II", Rating.PG_13)), at(58));
        assertThat(queries.findJson(film.value()).orElseThrow().text()).contains("\"ALABAMA DEVIL II\"").contains("\"position\":58");
    }

    @Test
    void aPlainFilmDetailRequestIsAnsweredFromRedisBeforeTheStackAndEverythingElseGoesOn() throws Exception {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ALADDIN CALENDAR", Rating.NC_17)), at(59));
        CachedHits hits = new CachedHits(cache, SecurityHeaders.defaults());

        MockHttpServletResponse uncached = new MockHttpServletResponse();
        MockFilterChain missed = new MockFilterChain();
        hits.doFilter(new MockHttpServletRequest("GET", "/api/films/" + film.value()), uncached, missed);
        assertThat(missed.getRequest()).as("not in Redis yet: the controller answers").isNotNull();

        String stored = queries.findJson(film.value()).orElseThrow().text();
        MockHttpServletResponse answered = new MockHttpServletResponse();
        MockFilterChain notCalled = new MockFilterChain();
        hits.doFilter(new MockHttpServletRequest("GET", "/api/films/" + film.value()), answered, notCalled);
        assertThat(notCalled.getRequest()).isNull();
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(answered.getContentType()).isEqualTo("application/json");
        assertThat(answered.getContentAsString()).isEqualTo(stored);
        // what Spring Security's chain writes on every answer, a hit answered before it included
        assertThat(answered.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answered.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answered.getHeader("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");

        MockHttpServletRequest waiting = new MockHttpServletRequest("GET", "/api/films/" + film.value());
        waiting.setQueryString("minPosition=59");
        MockHttpServletRequest noCache = new MockHttpServletRequest("GET", "/api/films/" + film.value());
        noCache.addHeader("Cache-Control", "no-cache");
        MockHttpServletRequest withToken = new MockHttpServletRequest("GET", "/api/films/" + film.value());
        withToken.addHeader("Authorization", "Bearer not-a-token"); // Spring Security refuses it, on public paths too
        for (MockHttpServletRequest forTheController : List.of(waiting, noCache, withToken,
                new MockHttpServletRequest("GET", "/api/films/" + film.value() + "/in-stock"),
                new MockHttpServletRequest("GET", "/api/films/0" + "x"), new MockHttpServletRequest("PUT", "/api/films/" + film.value()))) {
            MockFilterChain chain = new MockFilterChain();
            hits.doFilter(forTheController, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(forTheController.getMethod() + " " + forTheController.getRequestURI() + "?"
                    + forTheController.getQueryString()).isNotNull();
        }
    }

    @Test
    void redeliveryAfterACrashBetweenTheDynamoDbWriteAndTheCacheInvalidationStillClearsTheCache() {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("AIRPLANE SIERRA", Rating.PG_13)), at(60));
        queries.find(film.value()); // cached at position 60
        FilmDetailsRevisedEvent revised = new FilmDetailsRevisedEvent(film, details("AIRPLANE SIERRA 2", Rating.PG_13));
        ItemBatch landed = new ItemBatch(films.table());
        films.writeFilmDetails(landed, film.value(), revised.details(), 61);
        landed.write(); // the DynamoDB write landed, then the process died before Redis heard of it
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("AIRPLANE SIERRA");

        projection.on(revised, at(61)); // redelivered, since its token was never committed

        assertThat(queries.find(film.value())).get()
                .extracting(FilmView::title, FilmView::position)
                .containsExactly("AIRPLANE SIERRA 2", 61L);
    }

    @Test
    void queriesAnswerFromDynamoDbWhileRedisIsDownAndCachingResumesWhenItReturns() throws InterruptedException {
        FilmId film = newFilm();
        projection.on(new FilmRegisteredEvent(film, details("ALADDIN CALENDAR", Rating.NC_17)), at(70));
        queries.find(film.value());

        stores.stopRedis();
        try {
            assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("ALADDIN CALENDAR");
            projection.on(new FilmDetailsRevisedEvent(film, details("ALADDIN CALENDAR II", Rating.NC_17)), at(71));
            assertThat(cache.isAvailable()).isFalse();
            assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("ALADDIN CALENDAR II");
        } finally {
            stores.startRedis();
        }

        Thread.sleep(1_100); // the cache leaves Redis alone for a second after a failure
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("ALADDIN CALENDAR II");
        assertThat(cache.isAvailable()).isTrue();
        double hitsBefore = cacheHits();
        assertThat(queries.find(film.value())).get().extracting(FilmView::title).isEqualTo("ALADDIN CALENDAR II");
        assertThat(cacheHits()).isEqualTo(hitsBefore + 1);
    }

    @Test
    void filmDetailShowsItsCastAndCategoriesWithTheirNames() {
        FilmId film = newFilm();
        ActorId actor = ActorId.of(film.value() * 10);
        CategoryId category = CategoryId.of(film.value() * 10);
        projection.on(new ActorRegisteredEvent(actor, "PENELOPE", "GUINESS"), at(80));
        projection.on(new CategoryCreatedEvent(category, "Documentary"), at(81));
        projection.on(new FilmRegisteredEvent(film, details("ALAMO VIDEOTAPE", Rating.G)), at(82));
        projection.on(new ActorCastEvent(film, actor), at(83));
        projection.on(new FilmCategorizedEvent(film, category), at(84));

        FilmView view = films.findFilm(film.value()).orElseThrow();

        assertThat(view.cast()).containsExactly(new FilmView.CastMember(actor.value(), "PENELOPE", "GUINESS"));
        assertThat(view.categories()).containsExactly(new FilmView.CategoryName(category.value(), "Documentary"));
        assertThat(view.position()).isEqualTo(84L);
        assertThat(queries.find(film.value())).get().isEqualTo(view);
    }

    @Test
    void renamingAnActorRelabelsTheFilmsThatShowTheName() {
        FilmId film = newFilm();
        ActorId actor = ActorId.of(film.value() * 10);
        projection.on(new ActorRegisteredEvent(actor, "NICK", "WAHLBERG"), at(90));
        projection.on(new FilmRegisteredEvent(film, details("ALI FOREVER", Rating.PG)), at(91));
        projection.on(new ActorCastEvent(film, actor), at(92));

        projection.on(new ActorRenamedEvent(actor, "NICHOLAS", "WAHLBERG"), at(93));

        assertThat(films.findFilm(film.value()).orElseThrow().cast())
                .containsExactly(new FilmView.CastMember(actor.value(), "NICHOLAS", "WAHLBERG"));
        assertThat(queries.find(film.value())).get()
                .extracting(view -> view.cast().get(0).firstName()).isEqualTo("NICHOLAS");
    }

    @Test
    void anActorRemovedFromTheCastIsNotBroughtBackByAReplayedOlderCast() {
        FilmId film = newFilm();
        ActorId actor = ActorId.of(film.value() * 10);
        projection.on(new ActorRegisteredEvent(actor, "ED", "CHASE"), at(100));
        projection.on(new FilmRegisteredEvent(film, details("ALICE FANTASIA", Rating.NC_17)), at(101));
        ActorCastEvent cast = new ActorCastEvent(film, actor);
        projection.on(cast, at(102));
        projection.on(new ActorRemovedFromFilmEvent(film, actor), at(103));

        projection.on(cast, at(102));

        assertThat(films.findFilm(film.value()).orElseThrow().cast()).isEmpty();
        assertThat(stored(CastItem.key(film.value(), actor.value())))
                .doesNotContainKeys(FilmsTable.GSI1_PK, FilmsTable.GSI1_SK);
    }

    @Test
    void aNewTitleMovesTheFilmInItsActorsTitleIndex() {
        FilmId film = newFilm();
        ActorId actor = ActorId.of(film.value() * 10);
        projection.on(new ActorRegisteredEvent(actor, "JENNIFER", "DAVIS"), at(110));
        projection.on(new FilmRegisteredEvent(film, details("ALIEN CENTER", Rating.NC_17)), at(111));
        projection.on(new ActorCastEvent(film, actor), at(112));

        projection.on(new FilmDetailsRevisedEvent(film, details("ALIEN CENTRE", Rating.NC_17)), at(113));

        assertThat(stored(CastItem.key(film.value(), actor.value())).get(FilmsTable.GSI1_SK).s())
                .isEqualTo("FILM#ALIEN CENTRE#" + film.value());
        assertThat(films.table().indexPartition(CastItem.KIND, FilmsTable.GSI1, FilmsKeys.actor(actor.value())))
                .extracting(CastItem::filmId).containsExactly(film.value());
    }

    @Test
    void copiedNamesAreRightAtAnyBatchSizeIncludingARenameAndACastOfTheSameActorInOneBatch() throws Exception {
        for (int batchSize : new int[] {1, 2, 3, 5, 100}) {
            FilmId film = newFilm();
            FilmId sequel = newFilm();
            ActorId actor = ActorId.of(film.value() * 10);
            CategoryId category = CategoryId.of(film.value() * 10);
            List<Object> history = List.of(
                    new ActorRegisteredEvent(actor, "BETTE", "NICHOLSON"),
                    new CategoryCreatedEvent(category, "Horror"),
                    new FilmRegisteredEvent(film, details("ANACONDA CONFESSIONS", Rating.R)),
                    new ActorCastEvent(film, actor),
                    new ActorRenamedEvent(actor, "BETTY", "NICHOLSON"),
                    new FilmRegisteredEvent(sequel, details("ANALYZE HOOSIERS", Rating.R)),
                    new ActorCastEvent(sequel, actor),
                    new FilmCategorizedEvent(sequel, category),
                    new CategoryRenamedEvent(category, "Horror Classics"),
                    new FilmDetailsRevisedEvent(sequel, details("ANALYZE HOOSIERS II", Rating.R)),
                    new ActorRenamedEvent(actor, "ELIZABETH", "NICHOLSON"));
            List<org.axonframework.eventhandling.EventMessage<?>> events = new java.util.ArrayList<>();
            for (Object payload : history) {
                events.add(new org.axonframework.eventhandling.GenericTrackedEventMessage<>(at(NEXT_POSITION.getAndIncrement()),
                        org.axonframework.eventhandling.GenericEventMessage.asEventMessage(payload)));
            }
            for (int from = 0; from < events.size(); from += batchSize) {
                dev.pagila.query.projection.BatchedHandling.handle(new org.axonframework.eventhandling.AnnotationEventHandlerAdapter(projection),
                        events.subList(from, Math.min(events.size(), from + batchSize)));
            }

            FilmView.CastMember elizabeth = new FilmView.CastMember(actor.value(), "ELIZABETH", "NICHOLSON");
            assertThat(films.findFilm(film.value()).orElseThrow().cast()).as("batch size %d", batchSize).containsExactly(elizabeth);
            FilmView second = films.findFilm(sequel.value()).orElseThrow();
            assertThat(second.cast()).as("batch size %d", batchSize).containsExactly(elizabeth);
            assertThat(second.categories()).as("batch size %d", batchSize)
                    .containsExactly(new FilmView.CategoryName(category.value(), "Horror Classics"));
            assertThat(stored(FilmItem.key(sequel.value())).get("castNames").m()
                    .get(String.valueOf(actor.value())).m().get("firstName").s()).isEqualTo("ELIZABETH");
            assertThat(stored(FilmItem.key(sequel.value())).get("categoryNames").m()
                    .get(String.valueOf(category.value())).s()).isEqualTo("Horror Classics");
            assertThat(stored(CastItem.key(sequel.value(), actor.value())).get(FilmsTable.GSI1_SK).s())
                    .isEqualTo("FILM#ANALYZE HOOSIERS II#" + sequel.value());
        }
    }

    /** The item as stored, attribute by attribute. */
    private static Map<String, AttributeValue> stored(dev.pagila.query.table.ItemKey key) {
        return films.table().raw(key).orElse(Map.of());
    }

    private static double cacheHits() {
        return stores.meters.get("pagila.cache.requests").tag("result", "hit").counter().count();
    }

    private static double alreadyApplied() {
        return stores.meters.get("pagila.projection.events").tag("outcome", "already-applied").counter().count();
    }

    private static FilmId newFilm() {
        return FilmId.of(NEXT_FILM.getAndIncrement());
    }

    private static FilmDetails details(String title, Rating rating) {
        return new FilmDetails(title, "A Epic Drama", 2006, LanguageId.of(1), null, 6, Money.of("0.99"), 86,
                Money.of("20.99"), rating, List.of(SpecialFeature.DELETED_SCENES, SpecialFeature.BEHIND_THE_SCENES));
    }
}
