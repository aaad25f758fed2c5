package dev.tether.heroku;

import java.util.List;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.Headers;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;

/** The Platform API v3 endpoints Tether calls. Lists take a {@code Range} header for paging. */
interface HerokuApi {

    String WEBHOOKS_ACCEPT = "Accept: application/vnd.heroku+json; version=3.webhooks";

    @GET("apps/{app}")
    Call<Wire.App> getApp(@Path("app") String app);

    @GET("apps")
    Call<List<Wire.App>> listApps(@Header("Range") String range);

    @POST("apps")
    Call<Wire.App> createApp(@Body Map<String, Object> body);

    @POST("teams/apps")
    Call<Wire.App> createTeamApp(@Body Map<String, Object> body);

    @PATCH("apps/{app}")
    Call<Wire.App> updateApp(@Path("app") String app, @Body Map<String, Object> body);

    /** Team-app update: {@code owner} transfers the app to a team (or an account). */
    @PATCH("teams/apps/{app}")
    Call<Wire.App> updateTeamApp(@Path("app") String app, @Body Map<String, Object> body);

    @DELETE("apps/{app}")
    Call<Wire.App> deleteApp(@Path("app") String app);

    @GET("apps/{app}/config-vars")
    Call<Map<String, String>> getConfigVars(@Path("app") String app);

    @PATCH("apps/{app}/config-vars")
    Call<Map<String, String>> patchConfigVars(@Path("app") String app, @Body Map<String, String> changes);

    @GET("apps/{app}/formation")
    Call<List<Wire.Formation>> listFormation(@Path("app") String app, @Header("Range") String range);

    @GET("apps/{app}/dynos")
    Call<List<Wire.Dyno>> listDynos(@Path("app") String app, @Header("Range") String range);

    @PATCH("apps/{app}/formation")
    Call<List<Wire.Formation>> batchUpdateFormation(@Path("app") String app, @Body Map<String, Object> body);

    @GET("apps/{app}/addons")
    Call<List<Wire.Addon>> listAddons(@Path("app") String app, @Header("Range") String range);

    @POST("apps/{app}/addons")
    Call<Wire.Addon> createAddon(@Path("app") String app, @Body Map<String, Object> body);

    @PATCH("apps/{app}/addons/{addon}")
    Call<Wire.Addon> updateAddon(@Path("app") String app, @Path("addon") String addon, @Body Map<String, Object> body);

    @DELETE("apps/{app}/addons/{addon}")
    Call<Wire.Addon> deleteAddon(@Path("app") String app, @Path("addon") String addon);

    @GET("apps/{app}/addon-attachments")
    Call<List<Wire.Attachment>> listAttachments(@Path("app") String app, @Header("Range") String range);

    @POST("addon-attachments")
    Call<Wire.Attachment> createAttachment(@Body Map<String, Object> body);

    @DELETE("addon-attachments/{attachment}")
    Call<Wire.Attachment> deleteAttachment(@Path("attachment") String attachment);

    @GET("apps/{app}/domains")
    Call<List<Wire.Domain>> listDomains(@Path("app") String app, @Header("Range") String range);

    @POST("apps/{app}/domains")
    Call<Wire.Domain> addDomain(@Path("app") String app, @Body Map<String, Object> body);

    @DELETE("apps/{app}/domains/{domain}")
    Call<Wire.Domain> removeDomain(@Path("app") String app, @Path("domain") String domain);

    @GET("apps/{app}/buildpack-installations")
    Call<List<Wire.BuildpackInstallation>> listBuildpacks(@Path("app") String app);

    @PUT("apps/{app}/buildpack-installations")
    Call<List<Wire.BuildpackInstallation>> replaceBuildpacks(@Path("app") String app, @Body Map<String, Object> body);

    @Headers(WEBHOOKS_ACCEPT)
    @GET("apps/{app}/webhooks")
    Call<List<Wire.Webhook>> listWebhooks(@Path("app") String app, @Header("Range") String range);

    @Headers(WEBHOOKS_ACCEPT)
    @POST("apps/{app}/webhooks")
    Call<Wire.Webhook> createWebhook(@Path("app") String app, @Body Map<String, Object> body);

    @Headers(WEBHOOKS_ACCEPT)
    @DELETE("apps/{app}/webhooks/{webhook}")
    Call<Wire.Webhook> deleteWebhook(@Path("app") String app, @Path("webhook") String webhook);

    @GET("apps/{app}/releases")
    Call<List<Wire.Release>> listReleases(@Path("app") String app, @Header("Range") String range);

    @GET("apps/{app}/releases/{release}")
    Call<Wire.Release> getRelease(@Path("app") String app, @Path("release") String idOrVersion);

    @POST("apps/{app}/releases")
    Call<Wire.Release> createRelease(@Path("app") String app, @Body Map<String, Object> body);

    @GET("apps/{app}/builds")
    Call<List<Wire.Build>> listBuilds(@Path("app") String app, @Header("Range") String range);

    @POST("apps/{app}/builds")
    Call<Wire.Build> createBuild(@Path("app") String app, @Body Map<String, Object> body);

    @GET("account")
    Call<Wire.User> account();
}
