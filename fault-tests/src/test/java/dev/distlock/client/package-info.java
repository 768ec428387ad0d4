/** Tests of the client protocol and of clients in child JVMs. */
package dev.distlock.client;
