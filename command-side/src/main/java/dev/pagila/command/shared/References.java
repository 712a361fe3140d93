package dev.pagila.command.shared;

import dev.pagila.command.catalog.Actor;
import dev.pagila.command.catalog.Category;
import dev.pagila.command.catalog.Film;
import dev.pagila.command.customers.Customer;
import dev.pagila.command.stores.Staff;
import dev.pagila.command.stores.Store;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * What one aggregate may ask of another while handling a command: does it exist, is the customer active,
 * how long does the film rent for. Reads only; the other aggregate is never changed.
 */
@Component
public class References {

    private final Repository<Film> films;
    private final Repository<Actor> actors;
    private final Repository<Category> categories;
    private final Repository<Store> stores;
    private final Repository<Staff> staff;
    private final Repository<Customer> customers;

    public References(@Lazy @Qualifier("filmRepository") Repository<Film> films,
                      @Lazy @Qualifier("actorRepository") Repository<Actor> actors,
                      @Lazy @Qualifier("categoryRepository") Repository<Category> categories,
                      @Lazy @Qualifier("storeRepository") Repository<Store> stores,
                      @Lazy @Qualifier("staffRepository") Repository<Staff> staff,
                      @Lazy @Qualifier("customerRepository") Repository<Customer> customers) {
        this.films = films;
        this.actors = actors;
        this.categories = categories;
        this.stores = stores;
        this.staff = staff;
        this.customers = customers;
    }

    public int rentalDurationOf(FilmId film) {
        return existing(film, () -> films.load(film.toString()).invoke(Film::rentalDuration));
    }

    public void requireFilm(FilmId film) {
        existing(film, () -> films.load(film.toString()));
    }

    public void requireActor(ActorId actor) {
        existing(actor, () -> actors.load(actor.toString()));
    }

    public void requireCategory(CategoryId category) {
        existing(category, () -> categories.load(category.toString()));
    }

    public void requireStore(StoreId store) {
        existing(store, () -> stores.load(store.toString()));
    }

    public void requireStaff(StaffId member) {
        existing(member, () -> staff.load(member.toString()));
    }

    public boolean isActive(CustomerId customer) {
        return existing(customer, () -> customers.load(customer.toString()).invoke(Customer::isActive));
    }

    private static <T> T existing(Object id, Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (AggregateNotFoundException notThere) {
            throw new UnknownReferenceException("no " + id.toString().replace('-', ' ') + " is known");
        }
    }
}
