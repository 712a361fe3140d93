package dev.pagila.command.catalog;

import dev.pagila.command.web.CommandSender;
import dev.pagila.command.web.CommandReceipt;
import dev.pagila.command.shared.IdSequences;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.CastActorCommand;
import dev.pagila.kernel.catalog.CategorizeFilmCommand;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.ChangeFilmPricingCommand;
import dev.pagila.kernel.catalog.CreateCategoryCommand;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.RegisterActorCommand;
import dev.pagila.kernel.catalog.RegisterFilmCommand;
import dev.pagila.kernel.catalog.RegisterLanguageCommand;
import dev.pagila.kernel.catalog.RemoveActorFromFilmCommand;
import dev.pagila.kernel.catalog.RenameActorCommand;
import dev.pagila.kernel.catalog.RenameCategoryCommand;
import dev.pagila.kernel.catalog.ReviseFilmDetailsCommand;
import dev.pagila.kernel.catalog.UncategorizeFilmCommand;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.money.NotNegative;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;


import static dev.pagila.command.shared.IdSequences.Kind;
import static dev.pagila.command.web.CommandReceipt.created;

/** Catalog commands: films, their cast, categories and prices; actors; categories; languages. */
@RestController
@RequestMapping("/api")
public class CatalogCommandController {

    private final CommandSender sender;
    private final IdSequences ids;

    public CatalogCommandController(CommandSender sender, IdSequences ids) {
        this.sender = sender;
        this.ids = ids;
    }

    @PostMapping("/films")
    public ResponseEntity<CommandReceipt> registerFilm(@Valid @RequestBody FilmDetails details) {
        FilmId film = FilmId.of(ids.next(Kind.FILM));
        return created("/api/films/", sender.receipt(new RegisterFilmCommand(film, details), film, film.value()));
    }

    @PutMapping("/films/{filmId}")
    public CommandReceipt reviseFilm(@PathVariable @Positive int filmId, @Valid @RequestBody FilmDetails details) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new ReviseFilmDetailsCommand(film, details), film, filmId);
    }

    public record Pricing(@NotNull @Min(1) @Max(365) Integer rentalDuration, @NotNull @NotNegative Money rentalRate,
                          @NotNull @NotNegative Money replacementCost) {
    }

    @PutMapping("/films/{filmId}/pricing")
    public CommandReceipt changePricing(@PathVariable @Positive int filmId, @Valid @RequestBody Pricing pricing) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new ChangeFilmPricingCommand(film, pricing.rentalDuration(), pricing.rentalRate(),
                pricing.replacementCost()), film, filmId);
    }

    @PutMapping("/films/{filmId}/actors/{actorId}")
    public CommandReceipt castActor(@PathVariable @Positive int filmId, @PathVariable @Positive int actorId) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new CastActorCommand(film, ActorId.of(actorId)), film, filmId);
    }

    @DeleteMapping("/films/{filmId}/actors/{actorId}")
    public CommandReceipt removeActor(@PathVariable @Positive int filmId, @PathVariable @Positive int actorId) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new RemoveActorFromFilmCommand(film, ActorId.of(actorId)), film, filmId);
    }

    @PutMapping("/films/{filmId}/categories/{categoryId}")
    public CommandReceipt categorize(@PathVariable @Positive int filmId, @PathVariable @Positive int categoryId) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new CategorizeFilmCommand(film, CategoryId.of(categoryId)), film, filmId);
    }

    @DeleteMapping("/films/{filmId}/categories/{categoryId}")
    public CommandReceipt uncategorize(@PathVariable @Positive int filmId, @PathVariable @Positive int categoryId) {
        FilmId film = FilmId.of(filmId);
        return sender.receipt(new UncategorizeFilmCommand(film, CategoryId.of(categoryId)), film, filmId);
    }

    public record ActorName(@NotBlank @Size(max = 45) String firstName, @NotBlank @Size(max = 45) String lastName) {
    }

    @PostMapping("/actors")
    public ResponseEntity<CommandReceipt> registerActor(@Valid @RequestBody ActorName name) {
        ActorId actor = ActorId.of(ids.next(Kind.ACTOR));
        return created("/api/actors/", sender.receipt(new RegisterActorCommand(actor, name.firstName(), name.lastName()),
                actor, actor.value()));
    }

    @PutMapping("/actors/{actorId}")
    public CommandReceipt renameActor(@PathVariable @Positive int actorId, @Valid @RequestBody ActorName name) {
        ActorId actor = ActorId.of(actorId);
        return sender.receipt(new RenameActorCommand(actor, name.firstName(), name.lastName()), actor, actorId);
    }

    public record CategoryName(@NotBlank @Size(max = 25) String name) {
    }

    @PostMapping("/categories")
    public ResponseEntity<CommandReceipt> createCategory(@Valid @RequestBody CategoryName name) {
        CategoryId category = CategoryId.of(ids.next(Kind.CATEGORY));
        return created("/api/categories/", sender.receipt(new CreateCategoryCommand(category, name.name()), category,
                category.value()));
    }

    @PutMapping("/categories/{categoryId}")
    public CommandReceipt renameCategory(@PathVariable @Positive int categoryId, @Valid @RequestBody CategoryName name) {
        CategoryId category = CategoryId.of(categoryId);
        return sender.receipt(new RenameCategoryCommand(category, name.name()), category, categoryId);
    }

    public record LanguageName(@NotBlank @Size(max = 20) String name) {
    }

    @PostMapping("/languages")
    public ResponseEntity<CommandReceipt> registerLanguage(@Valid @RequestBody LanguageName name) {
        LanguageId language = LanguageId.of(ids.next(Kind.LANGUAGE));
        return created("/api/languages/", sender.receipt(new RegisterLanguageCommand(language, name.name()), language,
                language.value()));
    }
}
