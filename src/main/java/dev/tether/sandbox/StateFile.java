package dev.tether.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where an emulator keeps its world between runs ({@code TETHER_DATA_DIR/sandbox/<name>.json}):
 * written whole to a temporary file beside it and moved over it, so a crash mid-write leaves
 * the previous snapshot, and readable by its owner only (0600), since the emulated world holds
 * its own secrets (config var values, Kong credentials, webhook secrets).
 */
public final class StateFile {

    private final Path file;

    public StateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The snapshot of the emulator named {@code name} under the data directory. */
    public static StateFile in(Path dataDir, String name) {
        return new StateFile(dataDir.resolve("sandbox").resolve(name + ".json"));
    }

    public Path path() {
        return file;
    }

    /** The last snapshot written, or empty in a fresh directory. */
    public Optional<byte[]> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the sandbox state in " + file, e);
        }
    }

    /** Replaces the snapshot atomically. */
    public void write(byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            createOwnerOnly(temp);
            Files.write(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox state to " + file, e);
        }
    }

    private static void createOwnerOnly(Path temp) throws IOException {
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temp);
        }
    }
}
