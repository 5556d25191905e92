package dev.workshop; public class Main { public static void main(String[] a){} }
