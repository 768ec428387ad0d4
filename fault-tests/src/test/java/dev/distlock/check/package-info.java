/** Tests of the direct checks and the merging of verdicts, on hand-made histories. */
package dev.distlock.check;
