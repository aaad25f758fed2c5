package dev.tether.runtime;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the bearer-token check in front of everything the web process serves. */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(TetherRuntime runtime) {
        FilterRegistrationBean<ApiTokenFilter> reg = new FilterRegistrationBean<>(new ApiTokenFilter(runtime.apiToken()));
        reg.addUrlPatterns("/*");
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return reg;
    }
}
