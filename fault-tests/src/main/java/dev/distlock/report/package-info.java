/**
 * Renderings of a finished safety matrix: the terminal table, {@code matrix.md} and {@code
 * index.html} (coloured cells, the TLA+ expectation beside each verdict, disagreements flagged),
 * one page per cell linking its runs' timelines, and a latency-over-time PNG per run with the fault
 * windows shaded (plain Java2D, headless).
 */
package dev.distlock.report;
