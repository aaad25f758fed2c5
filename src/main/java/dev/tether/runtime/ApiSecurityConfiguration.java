package dev.tether.runtime;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the token check (bearer for the API; bearer, Basic or session cookie for pages) in front of everything. */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    WebSessions webSessions(TetherRuntime runtime, Clock clock) {
        return new WebSessions(runtime.apiToken(), clock);
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(TetherRuntime runtime, WebSessions sessions) {
        FilterRegistrationBean<ApiTokenFilter> reg = new FilterRegistrationBean<>(new ApiTokenFilter(runtime.apiToken(), sessions));
        reg.addUrlPatterns("/*");
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return reg;
    }
}
