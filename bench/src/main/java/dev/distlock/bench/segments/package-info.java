/** The segmented-inventory benchmark: purchases/s of one hot SKU against the number of segments. */
package dev.distlock.bench.segments;
