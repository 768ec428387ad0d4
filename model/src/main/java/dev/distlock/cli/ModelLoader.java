package dev.distlock.cli;

import dev.distlock.model.Model;
import dev.distlock.model.Models;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the model the command line asks for: a shipped model by name ({@link Models}), a model on
 * the class path registered for {@link ServiceLoader} (a {@code
 * META-INF/services/dev.distlock.model.Model} file listing its class) by its {@link Model#name()},
 * or a class named with {@code --model-class}. {@code --model-path} adds jars or directories to the
 * class path the last two search (the command {@code java -jar} ignores {@code -cp}).
 */
final class ModelLoader {
  private final ClassLoader loader;

  /**
   * @param path extra class path entries (jars or directories), may be empty
   * @throws IllegalArgumentException if an entry does not exist
   */
  ModelLoader(List<Path> path) {
    ClassLoader parent = ModelLoader.class.getClassLoader();
    if (path.isEmpty()) {
      loader = parent;
      return;
    }
    URL[] urls = new URL[path.size()];
    for (int i = 0; i < urls.length; i++) {
      Path p = path.get(i);
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--model-path: no such file or directory: " + p);
      }
      try {
        urls[i] = p.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--model-path: bad entry " + p + ": " + e.getMessage());
      }
    }
    loader = new URLClassLoader(urls, parent);
  }

  /** Splits a class path string ({@code a.jar:b.jar}). */
  static List<Path> split(String classPath) {
    List<Path> l = new ArrayList<>();
    for (String s : classPath.split(File.pathSeparator)) {
      if (!s.isBlank()) {
        l.add(Path.of(s));
      }
    }
    return l;
  }

  /**
   * The model named {@code name}: a shipped one first, then one found by {@link ServiceLoader}.
   *
   * @throws IllegalArgumentException naming the known models if there is none
   */
  Model<?> byName(String name, Map<String, String> options) {
    if (Models.names().contains(name)) {
      return Models.byName(name, options);
    }
    Model<?> found = discovered().get(name);
    if (found == null) {
      throw new IllegalArgumentException(
          "unknown model \"" + name + "\" (known: " + String.join(", ", names()) + ")");
    }
    if (!options.isEmpty()) {
      throw new IllegalArgumentException(name + " takes no --initial value");
    }
    return found;
  }

  /** The shipped models' names, then those found on the class path. */
  List<String> names() {
    List<String> l = new ArrayList<>(Models.names());
    for (String n : discovered().keySet()) {
      if (!l.contains(n)) {
        l.add(n);
      }
    }
    return l;
  }

  private Map<String, Model<?>> discovered() {
    Map<String, Model<?>> m = new LinkedHashMap<>();
    try {
      for (Model<?> model : ServiceLoader.load(Model.class, loader)) {
        m.putIfAbsent(model.name(), model);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException(
          "cannot load a model from the class path: " + e.getMessage());
    }
    return m;
  }

  /**
   * An instance of {@code className}, which must implement {@link Model} and have a public
   * no-argument constructor.
   *
   * @throws IllegalArgumentException saying what is missing
   */
  Model<?> byClass(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "--model-class: class "
              + className
              + " not found on the class path (add its jar with --model-path)");
    }
    if (!Model.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(
          "--model-class: " + className + " does not implement " + Model.class.getName());
    }
    try {
      Constructor<?> k = c.getConstructor();
      return (Model<?>) k.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "--model-class: " + className + " has no public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "--model-class: the constructor of " + className + " threw " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("--model-class: cannot create " + className + ": " + e);
    }
  }
}
