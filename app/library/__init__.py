"""The public library of awarded experiences ("Banco de experiencias") and the awards of earlier editions."""
