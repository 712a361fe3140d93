package dev.pagila.query.config;

import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.web.CachedHits;
import jakarta.servlet.Filter;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

@Configuration
public class WebConfig implements WebMvcConfigurer {

    static {
        // an endpoint returning CachedJson<T> answers a T: the OpenAPI document describes T
        SpringDocUtils.getConfig().addResponseWrapperToIgnore(CachedJson.class);
    }

    @Bean
    public FilterRegistrationBean<CachedHits> cachedHits(VersionedCache cache,
                                                         @Qualifier("queryApiSecurity") SecurityFilterChain queryApi) {
        Filter securityHeaders = queryApi.getFilters().stream().filter(HeaderWriterFilter.class::isInstance).findFirst()
                .orElse((request, response, next) -> next.doFilter(request, response));
        FilterRegistrationBean<CachedHits> registration = new FilterRegistrationBean<>(new CachedHits(cache, securityHeaders));
        registration.addUrlPatterns(CachedHits.FILMS + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // before the request's observation and Spring Security's chain
        return registration;
    }

    /** Cached answers are JSON already: their text is the response body, ahead of Jackson. */
    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(0, new AbstractHttpMessageConverter<CachedJson<?>>(MediaType.APPLICATION_JSON) {

            @Override
            protected boolean supports(Class<?> type) {
                return CachedJson.class.equals(type);
            }

            @Override
            protected boolean canRead(MediaType mediaType) {
                return false;
            }

            @Override
            protected CachedJson<?> readInternal(Class<? extends CachedJson<?>> type, HttpInputMessage input) {
                throw new UnsupportedOperationException("cached answers are only written");
            }

            @Override
            protected void writeInternal(CachedJson<?> answer, HttpOutputMessage output) throws IOException {
                output.getBody().write(answer.text().getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
