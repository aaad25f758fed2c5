package dev.tether.http;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Retrofit bodies read and written with Jackson 3 (the one Spring Boot 4 uses); Retrofit's own
 * converter module is built for Jackson 2.
 */
public final class JacksonConverterFactory extends Converter.Factory {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final ObjectMapper mapper;

    private JacksonConverterFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static JacksonConverterFactory create(ObjectMapper mapper) {
        return new JacksonConverterFactory(mapper);
    }

    @Override
    public Converter<ResponseBody, ?> responseBodyConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
        JavaType javaType = mapper.constructType(type);
        return body -> {
            try (body) {
                return mapper.readValue(body.byteStream(), javaType);
            } catch (tools.jackson.core.JacksonException e) {
                throw new IOException("unreadable response body: " + e.getOriginalMessage(), e);
            }
        };
    }

    @Override
    public Converter<?, RequestBody> requestBodyConverter(
            Type type, Annotation[] parameterAnnotations, Annotation[] methodAnnotations, Retrofit retrofit) {
        return value -> RequestBody.create(mapper.writeValueAsBytes(value), JSON);
    }
}
