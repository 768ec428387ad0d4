/**
 * Sequential specifications: the {@link dev.distlock.model.Model} and {@link
 * dev.distlock.model.TypedModel} interfaces, the shipped models and their registry {@link
 * dev.distlock.model.Models}.
 */
package dev.distlock.model;
