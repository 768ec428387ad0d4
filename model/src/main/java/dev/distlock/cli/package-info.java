/** The checker command line ({@code java -jar distlock-checker.jar}). */
package dev.distlock.cli;
