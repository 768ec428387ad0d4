/** Self-contained HTML timelines of invalid partitions. */
package dev.distlock.timeline;
