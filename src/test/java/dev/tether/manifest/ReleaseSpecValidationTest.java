package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.release} and {@code spec.generation} (DESIGN §2a): exactly one kind of release,
 * and nothing the generation cannot have, each refusal naming its path.
 */
class ReleaseSpecValidationTest {

    private final ManifestParser parser = new ManifestParser();
    private final ManifestValidator validator = new ManifestValidator(new ManifestSchemas());

    private List<Manifest> validate(String spec) {
        String yaml = "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: gen-app\nspec:\n" + spec.indent(2);
        return validator.validate(parser.parse(yaml.getBytes(StandardCharsets.UTF_8), ManifestParser.Format.YAML));
    }

    private List<String> problemPaths(String spec) {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> validate(spec));
        assertThat(e).as("expected a refusal of:\n" + spec).isNotNull();
        return e.problems().stream().map(ManifestProblem::path).toList();
    }

    @Test
    void aPromotionRefersToItsSourceAppAndCannotNameItself() {
        Manifest m = validate("release:\n  fromApp: staging-app\n").getFirst();
        HerokuAppSpec spec = (HerokuAppSpec) ResourceSpec.of(m.kind(), m.spec());

        assertThat(spec.references()).as("a change to the source app wakes this one").containsExactly(new ResourceKey(Kind.HEROKU_APP, "staging-app"));
        assertThat(problemPaths("release:\n  fromApp: gen-app\n")).containsExactly("spec.release.fromApp");
    }

    @Test
    void acceptsABuildAndReadsItAsTheTypedSpec() {
        Manifest m = validate("release:\n  build:\n    sourceUrl: file:///srv/app.tgz\n    checksum: SHA256:" + "a".repeat(64)
                + "\n    version: v1\n").getFirst();

        HerokuAppSpec spec = (HerokuAppSpec) ResourceSpec.of(m.kind(), m.spec());
        assertThat(spec.release().build()).isEqualTo(new HerokuAppSpec.Build("file:///srv/app.tgz", "SHA256:" + "a".repeat(64), "v1"));
    }

    @Test
    void refusesTwoKindsOfReleaseAtOnceAndAMalformedChecksum() {
        assertThat(problemPaths("release:\n  slug: 01234567-89ab-cdef-0123-456789abcdef\n  fromApp: other\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.release"));
        assertThat(problemPaths("release:\n  build:\n    sourceUrl: file:///srv/app.tgz\n    checksum: md5:abc\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.release.build.checksum"));
    }

    @Test
    void refusesWhatFirCannotHaveNamingThePath() {
        assertThat(problemPaths("generation: fir\ninternalRouting: false\n")).contains("spec.internalRouting");
        assertThat(problemPaths("generation: fir\nbuildpacks:\n  - heroku/nodejs\n")).contains("spec.buildpacks");
        assertThat(problemPaths("generation: cedar\nrelease:\n  ociImage: img-1\n")).contains("spec.release.ociImage");
        assertThat(problemPaths("generation: jupiter\n")).anySatisfy(p -> assertThat(p).startsWith("spec.generation"));
        assertThat(validate("generation: fir\nrelease:\n  ociImage: img-1\n")).hasSize(1);
    }
}
