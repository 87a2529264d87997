package io.taskexec.ingest;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a whole text file, turning every way it can fail into an {@link IngestException}. */
final class SourceFiles {
  private SourceFiles() {}

  static String read(Path file) {
    if (Files.isDirectory(file)) throw new IngestException(file, "it is a directory, not a file", null);
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IngestException(file, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new IngestException(file, "permission denied", e);
    } catch (CharacterCodingException e) {
      throw new IngestException(file, "it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new IngestException(file, String.valueOf(e.getMessage()), e);
    }
  }
}
